package dev.writ.core.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.writ.core.internal.EcdsaSignatures;
import dev.writ.core.json.Json;
import dev.writ.core.keys.VerificationKey;
import dev.writ.core.jose.SigningAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the Wycheproof vectors in the test resources ({@code wycheproof/}, with their licence) through
 * {@link SignatureCheck#verify}, the one signature path the guard uses. Every {@code valid}
 * vector must verify (an ECDSA one with a high {@code s} is refused by Writ's low-s rule, and its
 * low-s twin must verify instead), every {@code invalid} one must not, and each {@code acceptable}
 * one must do what guard-runtime/WYCHEPROOF.md records, so a change of behaviour is noticed.
 *
 * <p>Each group's key is first admitted through {@link VerificationKey#of}, the same rule that
 * admits trusted keys, so a vector the guard could never meet (a refused key) would fail here
 * rather than be silently verified under a key the guard would not accept.
 */
class WycheproofTest {

    /**
     * {@code acceptable} vectors and what our path does with them (true = accepted); see
     * WYCHEPROOF.md for the reasoning. Keyed by file name, then tcId.
     */
    private static final Map<String, Map<Integer, Boolean>> ACCEPTABLE = Map.of(
            "rsa_signature_2048_sha256_test.json", Map.of(8, true));
    /** The same for ACCP, which is stricter about the one acceptable PKCS#1 encoding. */
    private static final Map<String, Map<Integer, Boolean>> ACCEPTABLE_ACCP = Map.of(
            "rsa_signature_2048_sha256_test.json", Map.of(8, false));

    /**
     * {@code valid} ECDSA vectors that JDK 17's SunEC rejects: it compares r with x(R) reduced mod p,
     * not mod n, so a signature whose x(R) lies in [n, p) fails (false reject, fails closed, about
     * 2^-128 likely for an honest signature). JDK 25 accepts them (run here). See WYCHEPROOF.md.
     */
    private static final Map<String, Set<Integer>> JDK17_ECDSA_FALSE_REJECTS = Map.of(
            "ecdsa_secp256r1_sha256_p1363_test.json", Set.of(115, 257));
    /** First JDK release on which the false rejects above were seen to be fixed. */
    private static final int ECDSA_REDUCTION_FIXED_BY = 25;

    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicNode> ecdsaP256Sha256P1363() {
        return onEachProvider(provider -> vectors("ecdsa_secp256r1_sha256_p1363_test.json", SigningAlgorithm.ES256,
                "EcdsaP1363Verify", "EC", Set.of("valid", "invalid"), provider));
    }

    @TestFactory
    Stream<DynamicNode> rsaPkcs1v15Sha256() {
        return onEachProvider(provider -> vectors("rsa_signature_2048_sha256_test.json", SigningAlgorithm.RS256,
                "RsassaPkcs1Verify", "RSA", Set.of("valid", "invalid", "acceptable"), provider));
    }

    @TestFactory
    Stream<DynamicNode> rsaPssSha256Mgf1Salt32() {
        return onEachProvider(provider -> vectors("rsa_pss_2048_sha256_mgf1_32_test.json", SigningAlgorithm.PS256,
                "RsassaPssVerify", "RSA", Set.of("valid", "invalid"), provider));
    }

    /**
     * The JDK's providers and ACCP (the accelerated provider guard-runtime prefers when present)
     * must both pass every vector; ACCP must have loaded here, or its half would test nothing.
     */
    private static Stream<DynamicNode> onEachProvider(Function<Provider, Stream<DynamicNode>> vectors) {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        assertThat(accp.getLoadingError()).as("ACCP must load for its Wycheproof run").isNull();
        accp.assertHealthy();
        return Stream.of(dynamicContainer("JDK providers", vectors.apply(null)),
                dynamicContainer("ACCP " + accp.getVersionStr(), vectors.apply(accp)));
    }

    private static Stream<DynamicNode> vectors(String fileName, SigningAlgorithm alg, String groupType,
                                               String keyAlgorithm, Set<String> expectedKinds, Provider provider) {
        Map<String, Object> file = load(fileName);
        List<Map<String, Object>> groups = list(file.get("testGroups"));
        Map<String, Integer> totals = new TreeMap<>();
        List<DynamicNode> nodes = new ArrayList<>();
        int groupIndex = 0;
        for (Map<String, Object> group : groups) {
            assertThat(group.get("type")).as("group type in %s", fileName).isEqualTo(groupType);
            assertThat(group.get("sha")).as("hash in %s", fileName).isEqualTo("SHA-256");
            if (alg == SigningAlgorithm.PS256) {
                // Nimbus's PS256 is MGF1-SHA-256 with a 32-byte salt; other parameters are other algorithms.
                assertThat(group.get("mgf")).isEqualTo("MGF1");
                assertThat(group.get("mgfSha")).isEqualTo("SHA-256");
                assertThat(((Number) group.get("sLen")).intValue()).isEqualTo(32);
            }
            VerificationKey key = admit(fileName, groupIndex, alg, keyAlgorithm, (String) group.get("publicKeyDer"));
            List<DynamicNode> tests = new ArrayList<>();
            for (Map<String, Object> test : list(group.get("tests"))) {
                int tcId = ((Number) test.get("tcId")).intValue();
                String result = (String) test.get("result");
                totals.merge(result, 1, Integer::sum);
                byte[] msg = HEX.parseHex((String) test.get("msg"));
                byte[] sig = HEX.parseHex((String) test.get("sig"));
                String name = "tcId " + tcId + " " + result + " " + test.get("flags")
                        + (isBlank(test.get("comment")) ? "" : " (" + test.get("comment") + ")");
                tests.add(dynamicTest(name, () -> {
                    boolean accepted = SignatureCheck.verify(alg, key.publicKey(), msg, sig, provider);
                    if (result.equals("valid") && !SignatureCheck.isCanonical(alg, sig)) {
                        // Writ refuses the high-s spelling of an ECDSA signature (EcdsaSignatures); the
                        // vector's low-s twin is the same signature in its one accepted spelling.
                        assertThat(accepted).as("valid high-s vector tcId %d is refused by the low-s rule", tcId).isFalse();
                        accepted = SignatureCheck.verify(alg, key.publicKey(), msg, EcdsaSignatures.lowS(sig), provider);
                    }
                    switch (result) {
                        case "valid" -> {
                            if (provider == null
                                    && JDK17_ECDSA_FALSE_REJECTS.getOrDefault(fileName, Set.of()).contains(tcId)) {
                                expectKnownFalseReject(tcId, accepted);
                            } else {
                                assertThat(accepted).as("valid vector tcId %d must verify", tcId).isTrue();
                            }
                        }
                        case "invalid" -> assertThat(accepted).as("invalid vector tcId %d must be rejected", tcId)
                                .isFalse();
                        case "acceptable" -> {
                            Boolean documented = (provider == null ? ACCEPTABLE : ACCEPTABLE_ACCP)
                                    .getOrDefault(fileName, Map.of()).get(tcId);
                            if (documented == null) {
                                fail("acceptable vector %s tcId %d (flags %s) is not documented in WYCHEPROOF.md;"
                                        + " our path %s it", fileName, tcId, test.get("flags"),
                                        accepted ? "accepts" : "rejects");
                            }
                            assertThat(accepted).as("documented behaviour for acceptable tcId %d", tcId)
                                    .isEqualTo(documented);
                        }
                        default -> fail("unknown result %s for tcId %d", result, tcId);
                    }
                }));
            }
            nodes.add(dynamicContainer("group " + groupIndex + " (" + tests.size() + " tests)", tests));
            groupIndex++;
        }
        int declared = ((Number) file.get("numberOfTests")).intValue();
        int read = totals.values().stream().mapToInt(Integer::intValue).sum();
        nodes.add(0, dynamicTest("read every vector of " + fileName + " " + totals, () -> {
            assertThat(read).as("tests read from %s (the file declares %d)", fileName, declared).isEqualTo(declared);
            for (String kind : expectedKinds) {
                assertThat(totals.getOrDefault(kind, 0)).as("%s tests in %s", kind, fileName).isPositive();
            }
            assertThat(totals.keySet()).as("result kinds in %s", fileName).isSubsetOf(expectedKinds);
            assertThat(ACCEPTABLE.getOrDefault(fileName, Map.of()).size())
                    .as("documented acceptable vectors of %s that are still in the file", fileName)
                    .isEqualTo(totals.getOrDefault("acceptable", 0));
        }));
        return nodes.stream();
    }

    /**
     * JDK 17 (the build JDK) must still reject, JDK 25+ must accept; on the releases between, which
     * were not tried here, either outcome is the JDK's and neither is a security problem.
     */
    private static void expectKnownFalseReject(int tcId, boolean accepted) {
        int jdk = Runtime.version().feature();
        if (jdk <= 17) {
            assertThat(accepted).as("tcId %d: documented JDK 17 false reject (WYCHEPROOF.md); if this JDK now"
                    + " accepts it, remove it from the list", tcId).isFalse();
        } else if (jdk >= ECDSA_REDUCTION_FIXED_BY) {
            assertThat(accepted).as("valid vector tcId %d must verify on JDK %d", tcId, jdk).isTrue();
        }
    }

    /** The group key, admitted by the same rule as every trusted key, restricted to {@code alg}. */
    private static VerificationKey admit(String fileName, int group, SigningAlgorithm alg, String keyAlgorithm,
                                         String derHex) {
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(HEX.parseHex(derHex)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("group " + group + " of " + fileName + ": unreadable publicKeyDer", e);
        }
        try {
            return VerificationKey.of("wycheproof-" + group, publicKey, Set.of(alg));
        } catch (IllegalArgumentException e) {
            throw new AssertionError("group " + group + " of " + fileName + " uses a key VerificationKey refuses ("
                    + e.getMessage() + "); decide and document it in WYCHEPROOF.md", e);
        }
    }

    /** Loads a vector file from the test resources ({@code wycheproof/}); a missing file fails the test. */
    private static Map<String, Object> load(String fileName) {
        String resource = "/wycheproof/" + fileName;
        try (InputStream in = WycheproofTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                return fail("Wycheproof vector file %s is missing from the test resources", resource);
            }
            return Json.parseObject(in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + resource, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).as("a JSON array").isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    private static boolean isBlank(Object s) {
        return s == null || s.toString().isBlank();
    }
}
