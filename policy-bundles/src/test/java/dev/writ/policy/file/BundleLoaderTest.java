package dev.writ.policy.file;

import dev.writ.core.jose.JwsFixtures;
import dev.writ.core.json.Json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.keys.KeyUnavailableException;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.policy.TestBundles;
import dev.writ.policy.TestKeys;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Evaluation;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.InvalidBundleException.ReasonCode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleLoaderTest {
    private static final TestKeys.SigningKey KEY = TestKeys.es256("bundle-key-1");
    private static final BundleTrust TRUST = BundleTrust.key(KEY.keyPair().getPublic());
    private static byte[] signed;

    @BeforeAll
    static void sign() {
        signed = TestBundles.signed(TestBundles.PAYMENTS, KEY.signer());
    }

    private static Map<String, Object> doc() throws IOException {
        return new LinkedHashMap<>(Json.parseObject(signed));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> files(Map<String, Object> doc) {
        Map<String, Object> files = new LinkedHashMap<>((Map<String, Object>) doc.get("files"));
        doc.put("files", files);
        return files;
    }

    private static String[] jwsParts(Map<String, Object> doc) {
        return ((String) doc.get("jws")).split("\\.", -1);
    }

    private static String b64u(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
    }

    private static void assertRefused(ThrowingCallable load, ReasonCode reason) {
        assertThatThrownBy(load).isInstanceOfSatisfying(InvalidBundleException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static void assertRefused(Map<String, Object> doc, ReasonCode reason) {
        assertRefused(() -> BundleLoader.load(Json.writeBytes(doc), TRUST), reason);
    }

    @Test
    void aBuiltBundleLoadsAndDecides() throws Exception {
        PolicyBundle b = BundleLoader.load(signed, TRUST);

        assertThat(b.label()).startsWith("payments-api@3#");
        Evaluation d = b.authorize(AuthzRequest.forRoute(b.route("GET", "/payments/p-1").orElseThrow(), "vera",
                Set.of("viewer"), Map.of("now", Instant.parse("2026-11-23T10:00:00Z"), "mfa", false)));
        assertThat(d.isAllowed()).isTrue();
        assertThat(d.determiningPolicies()).containsExactly("read-viewer");
    }

    @Test
    void aBundleSignedWithRsaPssLoadsWithItsKeyFromAJwks(@TempDir Path tmp) throws Exception {
        TestKeys.SigningKey rsa = TestKeys.ps256("rsa-1");
        Path out = Files.write(tmp.resolve("b.json"), TestBundles.signed(TestBundles.PAYMENTS, rsa.signer()));
        String jwks = new JWKSet(new com.nimbusds.jose.jwk.RSAKey.Builder(
                (java.security.interfaces.RSAPublicKey) rsa.keyPair().getPublic()).keyID("rsa-1").build()).toString();

        assertThat(BundleLoader.load(out, BundleTrust.jwks(jwks)).manifest().name()).isEqualTo("payments-api");
    }

    @Test
    void signedWithALocalKeyFolderLoadsWithItsPublicJwks(@TempDir Path tmp) throws Exception {
        for (SigningAlgorithm alg : new SigningAlgorithm[] {SigningAlgorithm.ES256, SigningAlgorithm.RS256}) {
            Path keys = tmp.resolve("keys-" + alg);
            LocalKeys.writeNew(keys, alg);
            Path out = Files.write(tmp.resolve("bundle-" + alg + ".json"),
                    TestBundles.signed(TestBundles.PAYMENTS, LocalSigner.fromJwkFile(keys.resolve(LocalKeys.PRIVATE_JWK))));

            PolicyBundle loaded = BundleLoader.load(out, BundleTrust.jwksFile(keys.resolve(LocalKeys.PUBLIC_JWKS)));
            assertThat(loaded.contentHash()).isEqualTo(BundleSource.fromDirectory(TestBundles.PAYMENTS).contentHash());
            Path otherKeys = tmp.resolve("other-" + alg);
            LocalKeys.writeNew(otherKeys, alg);
            assertRefused(() -> BundleLoader.load(out, BundleTrust.jwksFile(otherKeys.resolve(LocalKeys.PUBLIC_JWKS))),
                    ReasonCode.UNKNOWN_KEY);
        }
    }

    @Test
    void anEditedPolicyIsAHashMismatch() throws IOException {
        Map<String, Object> doc = doc();
        Map<String, Object> files = files(doc);
        String policy = new String(Base64.getDecoder().decode((String) files.get("policies/write.cedar")), UTF_8);
        files.put("policies/write.cedar", Base64.getEncoder().encodeToString(
                policy.replace("context.amount <= 10000", "context.amount <= 99999999").getBytes(UTF_8)));

        assertRefused(doc, ReasonCode.HASH_MISMATCH);
    }

    @Test
    void anAddedOrRemovedFileIsAHashMismatch() throws IOException {
        Map<String, Object> added = doc();
        files(added).put("policies/zz-backdoor.cedar", Base64.getEncoder().encodeToString(
                "permit(principal, action, resource);".getBytes(UTF_8)));
        Map<String, Object> removed = doc();
        files(removed).remove("policies/guards.cedar");

        assertRefused(added, ReasonCode.HASH_MISMATCH);
        assertRefused(removed, ReasonCode.HASH_MISMATCH);
    }

    @Test
    void anEditedSignedHashBreaksTheSignature() throws IOException {
        Map<String, Object> doc = doc();
        String[] p = jwsParts(doc);
        String payload = new String(Base64.getUrlDecoder().decode(p[1]), UTF_8);
        String other = payload.replaceAll("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"" + "0".repeat(64) + "\"");
        assertThat(other).isNotEqualTo(payload);
        doc.put("jws", p[0] + "." + b64u(other) + "." + p[2]);

        assertRefused(doc, ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void theHighSTwinOfTheSignatureIsABadSignatureForTheSameReasonAsAtTheGuard() throws IOException {
        Map<String, Object> doc = doc();
        doc.put("jws", JwsFixtures.highSTwin((String) doc.get("jws")));

        assertThatThrownBy(() -> BundleLoader.load(Json.writeBytes(doc), TRUST)).isInstanceOfSatisfying(InvalidBundleException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(ReasonCode.BAD_SIGNATURE);
                    assertThat(e.getMessage()).endsWith(": ES256 signature is not in its low-s form (s > n/2): the malleable twin of a signature");
                });
    }

    @Test
    void anotherKeyIsABadSignatureAndAnUnknownKidIsUnknown() throws Exception {
        TestKeys.SigningKey other = TestKeys.es256("bundle-key-1");
        assertRefused(() -> BundleLoader.load(signed, BundleTrust.key(other.keyPair().getPublic())), ReasonCode.BAD_SIGNATURE);

        String jwks = new JWKSet(new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (ECPublicKey) KEY.keyPair().getPublic()).keyID("some-other-kid").build()).toString();
        assertRefused(() -> BundleLoader.load(signed, BundleTrust.jwks(jwks)), ReasonCode.UNKNOWN_KEY);

        String rightKid = new JWKSet(new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (ECPublicKey) KEY.keyPair().getPublic()).keyID("bundle-key-1").build()).toString();
        assertThat(BundleLoader.load(signed, BundleTrust.jwks(rightKid)).manifest().revision()).isEqualTo(3);
    }

    @Test
    void aTrustedKeyThatCannotBeFetchedIsKeyUnavailable() {
        BundleTrust kmsDown = BundleTrust.keys(kid -> {
            throw new KeyUnavailableException("GetPublicKey failed for " + kid + ": SdkClientException", null);
        });

        assertRefused(() -> BundleLoader.load(signed, kmsDown), ReasonCode.KEY_UNAVAILABLE);
    }

    @Test
    void anUnsignedBundleIsRefusedAsUnsigned() throws IOException {
        Map<String, Object> noJws = doc();
        noJws.remove("jws");
        Map<String, Object> emptySignature = doc();
        String[] p = jwsParts(emptySignature);
        emptySignature.put("jws", p[0] + "." + p[1] + ".");
        Map<String, Object> algNone = doc();
        algNone.put("jws", b64u("{\"alg\":\"none\",\"typ\":\"writ-bundle+jwt\"}") + "." + p[1] + ".");

        assertRefused(noJws, ReasonCode.UNSIGNED);
        assertRefused(emptySignature, ReasonCode.UNSIGNED);
        assertRefused(algNone, ReasonCode.UNSIGNED);
    }

    @Test
    void headersOutsideTheProfileAreRefused() throws IOException {
        String[] p = jwsParts(doc());
        for (String header : new String[] {
                "{\"alg\":\"HS256\",\"typ\":\"writ-bundle+jwt\",\"kid\":\"bundle-key-1\"}",
                "{\"alg\":\"ES256\",\"typ\":\"writ+jwt\",\"kid\":\"bundle-key-1\"}",
                "{\"alg\":\"ES256\",\"kid\":\"bundle-key-1\"}",
                "{\"alg\":\"ES256\",\"typ\":\"writ-bundle+jwt\",\"kid\":\"bundle-key-1\",\"jku\":\"https://evil.example/jwks\"}",
                "{\"alg\":\"ES256\",\"typ\":\"writ-bundle+jwt\",\"kid\":\"bundle-key-1\",\"crit\":[\"x\"],\"x\":1}",
                "{\"alg\":\"PS256\",\"typ\":\"writ-bundle+jwt\",\"kid\":\"bundle-key-1\"}"}) {
            Map<String, Object> doc = doc();
            doc.put("jws", b64u(header) + "." + p[1] + "." + p[2]);
            assertRefused(doc, ReasonCode.UNSUPPORTED_ALG);
        }
    }

    @Test
    void somethingThatIsNotABundleFileIsMalformed() throws IOException {
        String text = new String(signed, UTF_8);
        assertRefused(() -> BundleLoader.load("not json".getBytes(UTF_8), TRUST), ReasonCode.MALFORMED);
        assertRefused(() -> BundleLoader.load("[]".getBytes(UTF_8), TRUST), ReasonCode.MALFORMED);
        assertRefused(() -> BundleLoader.load(text.replaceFirst("\\{", "{\"files\":{},").getBytes(UTF_8), TRUST), ReasonCode.MALFORMED);
        assertRefused(() -> BundleLoader.load(text.replace("writ-bundle/1", "writ-bundle/2").getBytes(UTF_8), TRUST), ReasonCode.MALFORMED);
        assertRefused(() -> BundleLoader.load(new byte[BundleLoader.MAX_FILE_BYTES + 1], TRUST), ReasonCode.MALFORMED);

        Map<String, Object> badPath = doc();
        files(badPath).put("../escape.cedar", "");
        assertRefused(badPath, ReasonCode.MALFORMED);
    }

    @Test
    void anUnreadableFileIsNamed(@TempDir Path tmp) {
        assertRefused(() -> BundleLoader.load(tmp.resolve("missing.json"), TRUST), ReasonCode.UNREADABLE);
    }

    @Test
    void aSignedBundleWhosePoliciesAreInvalidIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("policies/read.cedar"), "resource\n);", "resource\n) when { context.nope };");
        byte[] file = BundleFile.sign(BundleSource.fromDirectory(dir), "payments-api", 1, KEY.signer(), Instant.now());

        assertThatThrownBy(() -> BundleLoader.load(file, TRUST)).isInstanceOfSatisfying(InvalidBundleException.class, e -> {
            assertThat(e.reason()).isEqualTo(ReasonCode.INVALID_POLICIES);
            assertThat(e.getMessage()).contains("policies/read.cedar: policy \"read-viewer\"");
        });
    }

    @Test
    void aSignatureOverAnotherNameOrRevisionIsAManifestMismatch() throws IOException {
        BundleSource source = BundleSource.fromDirectory(TestBundles.PAYMENTS);
        byte[] otherName = BundleFile.sign(source, "other-api", 1, KEY.signer(), Instant.now());
        byte[] olderRevision = BundleFile.sign(source, "payments-api", 0, KEY.signer(), Instant.now());

        assertRefused(() -> BundleLoader.load(otherName, TRUST), ReasonCode.MANIFEST_MISMATCH);
        assertRefused(() -> BundleLoader.load(olderRevision, TRUST), ReasonCode.MANIFEST_MISMATCH);
    }
}
