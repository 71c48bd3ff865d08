package dev.writ.guard.writ;

import dev.writ.core.jose.JwsFixtures;
import dev.writ.guard.internal.HttpInputs;
import dev.writ.testsupport.TestJwks;

import dev.writ.core.jose.CompactJws;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.core.sign.LocalSigner;
import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.NOW;
import static dev.writ.guard.Fixtures.REQUEST;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import dev.writ.guard.Fixtures;
import dev.writ.core.json.Json;
import dev.writ.core.keys.KeyResolver;
import dev.writ.guard.replay.ReplayStoreUnavailableException;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.Signer;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.PolicyRef;
import dev.writ.guard.writ.RequestInputs;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritCodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The attack suite: every hostile writ must be denied with its own reason code. */
class WritVerifierTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final WritVerifier verifier = new WritVerifier(Fixtures.verifierConfig().build());

    private Verification verify(String token) {
        return verifier.verify(token, FUNCTION, REQUEST);
    }

    private static Map<String, Object> header(SigningAlgorithm alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg.name());
        header.put("typ", "writ+jwt");
        header.put("kid", kid);
        return header;
    }

    private static Map<String, Object> esHeader() {
        return header(SigningAlgorithm.ES256, Fixtures.key(SigningAlgorithm.ES256).getKeyID());
    }

    private static String signed(Map<String, Object> header, Map<String, Object> claims) {
        return JwsFixtures.signExactly(header, claims, Fixtures.signer());
    }

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void allowsAValidWritAndHandsOverItsClaims() {
        WritClaims writ = validWrit().build();
        Verification v = verify(Fixtures.token(writ));
        assertThat(v.isAllowed()).as(v.toString()).isTrue();
        assertThat(v.code()).isEqualTo("ALLOWED");
        assertThat(v.writ().map(Writ::claims)).contains(writ);
    }

    @Test
    void allowsPs256WritsOnAnRsaKey() {
        String token = WritCodec.encode(validWrit().build(), Fixtures.signer(SigningAlgorithm.PS256));
        assertThat(verify(token).isAllowed()).isTrue();
    }

    @Nested
    class Missing {
        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void deniesAnEmptyWrit(String token) {
            assertThat(verify(token).reason()).contains(ReasonCode.MISSING_WRIT);
        }

        @Test
        void deniesNoWritAtAll() {
            assertThat(verify(null).reason()).contains(ReasonCode.MISSING_WRIT);
        }
    }

    @Nested
    class Malformed {
        @ParameterizedTest
        @ValueSource(strings = {"abc", "a.b", "a.b.c.d", "eyJ.eyJ.", "!!!.eyJ9.AAAA", "e30=.e30.AAAA", "e30.e30.AAA=",
            "W10.e30.AAAA", "e30.bnVsbA.AAAA", "e30.e30.AAAA"})
        void deniesTokensThatAreNotStrictCompactJws(String token) {
            assertThat(verify(token).reason()).contains(ReasonCode.MALFORMED);
        }

        @Test
        void deniesAnOversizedToken() {
            String big = "x".repeat(CompactJws.MAX_LENGTH);
            String signingInput = b64(Json.write(esHeader())) + "." + b64(Json.write(validWrit().resource(big).build().toJson()));
            String token = signingInput + "." + B64.encodeToString(Fixtures.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
            assertThat(verify(token).reason()).contains(ReasonCode.MALFORMED);
            assertThat(verify(token).detail()).contains("exceeds");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"\"", "\"   \"", "\"\\u2003\"", "\"vera\\ud800\"", "LONG"})
        void deniesASubjectTheAuthorizerWouldNotIssue(String sub) {
            // The rule the authorizer applies to a caller's sub (WritClaims.subjectProblem): the same on both sides.
            String subject = sub.equals("LONG") ? "\"" + "v".repeat(WritClaims.MAX_SUBJECT_BYTES + 1) + "\"" : sub;
            String claims = Json.write(validWrit().build().toJson()).replace("\"sub\":\"user-42\"", "\"sub\":" + subject);
            String signingInput = b64(Json.write(esHeader())) + "." + b64(claims);
            String token = signingInput + "." + B64.encodeToString(Fixtures.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
            Verification v = verify(token);
            assertThat(v.reason()).as(sub).contains(ReasonCode.MALFORMED);
            assertThat(v.detail()).contains("sub ");
        }

        @Test
        void deniesDuplicateClaimNames() {
            String claims = Json.write(validWrit().build().toJson());
            String duplicated = claims.substring(0, claims.length() - 1) + ",\"exp\":" + (NOW + 10_000) + "}";
            String signingInput = b64(Json.write(esHeader())) + "." + b64(duplicated);
            String token = signingInput + "." + B64.encodeToString(Fixtures.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
            Verification v = verify(token);
            assertThat(v.reason()).contains(ReasonCode.MALFORMED);
            assertThat(v.detail()).contains("Duplicate");
        }

        @Test
        void deniesDuplicateHeaderMembers() {
            String header = "{\"alg\":\"ES256\",\"typ\":\"writ+jwt\",\"kid\":\"k\",\"alg\":\"none\"}";
            String token = b64(header) + "." + b64(Json.write(validWrit().build().toJson())) + ".AAAA";
            assertThat(verify(token).reason()).contains(ReasonCode.MALFORMED);
        }

        @Test
        void deniesNonCanonicalBase64() {
            String token = Fixtures.validToken();
            // The last character of a 64-byte signature carries 2 data bits and 4 padding bits:
            // flipping a padding bit spells the same bytes differently.
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            int last = alphabet.indexOf(token.charAt(token.length() - 1));
            String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);
            Verification v = verify(respelled);
            assertThat(v.reason()).contains(ReasonCode.MALFORMED);
            assertThat(v.detail()).contains("canonical");
        }

        @Test
        void deniesMissingOrMistypedClaims() {
            Map<String, Object> noExp = new LinkedHashMap<>(validWrit().build().toJson());
            noExp.remove("exp");
            assertThat(verify(signed(esHeader(), noExp)).detail()).contains("missing claim exp");
            Map<String, Object> stringExp = new LinkedHashMap<>(validWrit().build().toJson());
            stringExp.put("exp", String.valueOf(NOW + 50));
            assertThat(verify(signed(esHeader(), stringExp)).reason()).contains(ReasonCode.MALFORMED);
            Map<String, Object> fractionalExp = new LinkedHashMap<>(validWrit().build().toJson());
            fractionalExp.put("exp", NOW + 50.5);
            assertThat(verify(signed(esHeader(), fractionalExp)).reason()).contains(ReasonCode.MALFORMED);
        }
    }

    @Nested
    class Algorithms {
        @Test
        void deniesAlgNone() {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("alg", "none");
            String token = b64(Json.write(header)) + "." + b64(Json.write(validWrit().build().toJson())) + ".";
            assertThat(verify(token).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }

        @Test
        void deniesHs256SignedWithThePublicKeyBytes() throws Exception {
            ECKey publicKey = Fixtures.key(SigningAlgorithm.ES256).toECKey().toPublicJWK();
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("alg", "HS256");
            String signingInput = b64(Json.write(header)) + "." + b64(Json.write(validWrit().build().toJson()));
            byte[] secret = publicKey.toECPublicKey().getEncoded();
            byte[] mac = new MACSigner(java.util.Arrays.copyOf(secret, Math.max(32, secret.length)))
                    .sign(new JWSHeader(JWSAlgorithm.HS256), signingInput.getBytes(StandardCharsets.US_ASCII)).decode();
            Verification v = verify(signingInput + "." + B64.encodeToString(mac));
            assertThat(v.reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }

        @ParameterizedTest
        @ValueSource(strings = {"jku", "x5u", "jwk", "x5c"})
        void refusesHeadersThatCarryKeys(String member) {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put(member, member.equals("jwk") ? Fixtures.key(SigningAlgorithm.ES256).toPublicJWK().toJSONObject()
                    : member.equals("x5c") ? List.of("MIIB") : "https://attacker.example/keys");
            Verification v = verify(signed(header, validWrit().build().toJson()));
            assertThat(v.reason()).contains(ReasonCode.UNSUPPORTED_ALG);
            assertThat(v.detail()).contains(member);
        }

        @Test
        void deniesUnknownCriticalExtensions() {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("exp2", 1);
            header.put("crit", List.of("exp2"));
            assertThat(verify(signed(header, validWrit().build().toJson())).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
            header.put("crit", List.of());
            assertThat(verify(signed(header, validWrit().build().toJson())).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }

        @Test
        void deniesUnencodedPayloadOption() {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("b64", false);
            header.put("crit", List.of("b64"));
            assertThat(verify(signed(header, validWrit().build().toJson())).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }

        @ParameterizedTest
        @ValueSource(strings = {"JWT", "at+jwt", "application/jwt"})
        void deniesTheWrongType(String typ) {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("typ", typ);
            assertThat(verify(signed(header, validWrit().build().toJson())).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }

        @ParameterizedTest
        @ValueSource(strings = {"writ+jwt", "application/writ+jwt", "Application/WRIT+JWT", "WRIT+JWT"})
        void acceptsTheTypeWithOrWithoutItsMediaTypePrefix(String typ) {
            // RFC 7515 §4.1.9: a typ without a slash stands for application/<typ>; media types ignore case.
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("typ", typ);
            assertThat(verify(signed(header, validWrit().build().toJson())).isAllowed()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"text/writ+jwt", "application/writ+jwt; v=1", "application/", "/writ+jwt"})
        void deniesOtherMediaTypesThatMerelyContainTheType(String typ) {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("typ", typ);
            assertThat(verify(signed(header, validWrit().build().toJson())).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }

        @Test
        void deniesANullDelegationListedAsCritical() {
            // A JSON null must not pass for an absent member: crit names dlg, so dlg must be checked.
            String header = "{\"alg\":\"ES256\",\"typ\":\"writ+jwt\",\"kid\":\""
                    + Fixtures.key(SigningAlgorithm.ES256).getKeyID() + "\",\"dlg\":null,\"crit\":[\"dlg\"]}";
            String signingInput = b64(header) + "." + b64(Json.write(validWrit().build().toJson()));
            byte[] signature = Fixtures.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII));
            Verification v = verify(signingInput + "." + B64.encodeToString(signature));
            assertThat(v.reason()).contains(ReasonCode.MALFORMED);
            assertThat(v.detail()).contains("dlg must not be null");
        }

        @Test
        void deniesAMissingType() {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.remove("typ");
            assertThat(verify(signed(header, validWrit().build().toJson())).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }

        @Test
        void deniesAnAlgorithmTheKeyDoesNotAllow() {
            // An RSA signature claimed under the EC key's kid: the algorithm follows the key, not the token.
            Signer rsa = Fixtures.signer(SigningAlgorithm.PS256);
            Map<String, Object> header = header(SigningAlgorithm.PS256, Fixtures.key(SigningAlgorithm.ES256).getKeyID());
            String token = JwsFixtures.signExactly(header, validWrit().build().toJson(), rsa);
            assertThat(verify(token).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }
    }

    @Nested
    class Keys {
        @Test
        void deniesAnUnknownKid() {
            assertThat(verify(signed(header(SigningAlgorithm.ES256, "not-trusted"), validWrit().build().toJson())).reason())
                    .contains(ReasonCode.UNKNOWN_KEY);
        }

        @Test
        void deniesAMissingKid() {
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.remove("kid");
            assertThat(verify(signed(header, validWrit().build().toJson())).reason()).contains(ReasonCode.UNKNOWN_KEY);
        }

        @Test
        void deniesAWritSignedByAnUntrustedKeyThatReusesATrustedKid() {
            ECKey attacker = TestJwks.es256();
            ECKey impostor = new ECKey.Builder(attacker).keyID(Fixtures.key(SigningAlgorithm.ES256).getKeyID()).build();
            String token = WritCodec.encode(validWrit().build(), dev.writ.core.sign.LocalSigner.fromJwk(impostor.toJSONString()));
            assertThat(verify(token).reason()).contains(ReasonCode.BAD_SIGNATURE);
        }
    }

    @Nested
    class Signatures {
        @Test
        void deniesEcdsaSignatureWithRAndSZero() {
            String token = Fixtures.validToken();
            String zeroed = token.substring(0, token.lastIndexOf('.') + 1) + B64.encodeToString(new byte[64]);
            assertThat(verify(zeroed).reason()).contains(ReasonCode.BAD_SIGNATURE);
        }

        @Test
        void deniesTheHighSTwinOfAValidSignatureWithTheSameReasonWhereverItIsPresented() {
            String token = Fixtures.validToken();
            String respelled = JwsFixtures.highSTwin(token);

            assertThat(verify(token).isAllowed()).isTrue();
            // The guard's entry (verify) and the writ exchange's (verifyHeld, the parent of a hop).
            for (Verification v : List.of(verify(respelled), verifier.verifyHeld(respelled, FUNCTION))) {
                assertThat(v.reason()).contains(ReasonCode.BAD_SIGNATURE);
                assertThat(v.detail()).isEqualTo("ES256 signature is not in its low-s form (s > n/2): the malleable twin of a signature");
            }
        }

        @Test
        void deniesATruncatedSignature() {
            String token = Fixtures.validToken();
            String sig = token.substring(token.lastIndexOf('.') + 1);
            byte[] bytes = Base64.getUrlDecoder().decode(sig);
            String truncated = token.substring(0, token.lastIndexOf('.') + 1)
                    + B64.encodeToString(java.util.Arrays.copyOf(bytes, 32));
            assertThat(verify(truncated).reason()).contains(ReasonCode.BAD_SIGNATURE);
        }

        @Test
        void deniesAnEmptySignature() {
            String token = Fixtures.validToken();
            assertThat(verify(token.substring(0, token.lastIndexOf('.') + 1)).reason()).contains(ReasonCode.BAD_SIGNATURE);
        }

        @Test
        void deniesAPayloadEditedAfterSigning() {
            String token = Fixtures.validToken();
            String[] parts = token.split("\\.");
            Map<String, Object> claims = new LinkedHashMap<>(validWrit().build().toJson());
            claims.put("sub", "admin");
            String edited = parts[0] + "." + b64(Json.write(claims)) + "." + parts[2];
            assertThat(verify(edited).reason()).contains(ReasonCode.BAD_SIGNATURE);
        }

        @Test
        void deniesAHeaderEditedAfterSigning() {
            String[] parts = Fixtures.validToken().split("\\.");
            Map<String, Object> header = new LinkedHashMap<>(esHeader());
            header.put("note", "added later");
            String edited = b64(Json.write(header)) + "." + parts[1] + "." + parts[2];
            assertThat(verify(edited).reason()).contains(ReasonCode.BAD_SIGNATURE);
        }

        @Test
        void deniesSwappingPssForPkcs1OnAKeyPinnedToPss() {
            String token = WritCodec.encode(validWrit().build(), Fixtures.signer(SigningAlgorithm.PS256));
            String[] parts = token.split("\\.");
            Map<String, Object> header = header(SigningAlgorithm.RS256, Fixtures.key(SigningAlgorithm.PS256).getKeyID());
            String swapped = b64(Json.write(header)) + "." + parts[1] + "." + parts[2];
            assertThat(verify(swapped).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        }
    }

    @Nested
    class Times {
        @Test
        void deniesAnExpiredWrit() {
            WritClaims writ = validWrit().issuedAt(NOW - 120).notBefore(NOW - 120).expiresAt(NOW - 31).build();
            assertThat(verify(Fixtures.token(writ)).reason()).contains(ReasonCode.EXPIRED);
        }

        @Test
        void acceptsAnExpiryWithinTheClockSkew() {
            WritClaims writ = validWrit().issuedAt(NOW - 90).notBefore(NOW - 90).expiresAt(NOW - 30).build();
            assertThat(verify(Fixtures.token(writ)).isAllowed()).isTrue();
        }

        @Test
        void deniesAWritNotYetValid() {
            WritClaims writ = validWrit().issuedAt(NOW).notBefore(NOW + 31).expiresAt(NOW + 90).build();
            assertThat(verify(Fixtures.token(writ)).reason()).contains(ReasonCode.NOT_YET_VALID);
        }

        @Test
        void deniesAWritIssuedInTheFuture() {
            WritClaims writ = validWrit().issuedAt(NOW + 31).notBefore(null).expiresAt(NOW + 90).build();
            assertThat(verify(Fixtures.token(writ)).reason()).contains(ReasonCode.NOT_YET_VALID);
        }

        @Test
        void deniesALifetimeOverTheCap() {
            WritClaims writ = validWrit().issuedAt(NOW - 1).expiresAt(NOW + 300).build();
            Verification v = verify(Fixtures.token(writ));
            assertThat(v.reason()).contains(ReasonCode.EXPIRED);
            assertThat(v.detail()).contains("exceeds the cap");
        }

        @Test
        void deniesExpiryBeforeIssue() {
            WritClaims writ = validWrit().issuedAt(NOW).notBefore(null).expiresAt(NOW - 1).build();
            assertThat(verify(Fixtures.token(writ)).reason()).contains(ReasonCode.EXPIRED);
        }
    }

    @Nested
    class IssuerAndAudience {
        @Test
        void deniesAnUntrustedIssuer() {
            assertThat(verify(Fixtures.token(validWrit().issuer("https://evil.example").build())).reason())
                    .contains(ReasonCode.WRONG_ISSUER);
        }

        @Test
        void deniesAWritForAnotherFunction() {
            Verification v = verify(Fixtures.token(validWrit().audience("payments-refund").build()));
            assertThat(v.reason()).contains(ReasonCode.WRONG_AUDIENCE);
            assertThat(v.claims()).as("claims of an authentic but unacceptable writ are kept for lineage").isPresent();
            assertThat(v.writ()).as("but no verified writ").isEmpty();
        }

        @Test
        void allowsAnAudienceListNamingThisFunction() {
            assertThat(verify(Fixtures.token(validWrit().audience("other", FUNCTION).build())).isAllowed()).isTrue();
        }
    }

    /** A hop's child names the function it was minted for by its unqualified ARN: one account, one region. */
    @Nested
    class FunctionArnAudience {
        private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:" + FUNCTION;

        private Verification invokedAs(String audience, String invokedArn) {
            return verifier.verify(Fixtures.token(validWrit().audience(audience).build()),
                    FunctionIdentity.of(FUNCTION, invokedArn), REQUEST, RequestInputs.NONE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ":live", ":7", ":$LATEST"})
        void allowsItsOwnArnWhicheverVersionOrAliasWasInvoked(String qualifier) {
            Verification v = invokedAs(ARN, ARN + qualifier);
            assertThat(v.isAllowed()).as(v.toString()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"arn:aws:lambda:eu-west-1:210987654321:function:" + FUNCTION,
            "arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION,
            "arn:aws-cn:lambda:eu-west-1:123456789012:function:" + FUNCTION,
            "arn:aws:lambda:eu-west-1:123456789012:function:payments-refund",
            "arn:aws:lambda:eu-west-1:123456789012:function:" + FUNCTION + ":live"})
        void deniesAnotherFunctionsArnThoughTheNameIsTheSame(String audience) {
            // A same-named function in another account, region or partition is another function; a
            // qualified ARN is no aud the exchange mints, and is compared exactly.
            Verification v = invokedAs(audience, ARN + ":live");
            assertThat(v.reason()).as(v.toString()).contains(ReasonCode.WRONG_AUDIENCE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "not-an-arn", "arn:aws:sqs:eu-west-1:123456789012:" + FUNCTION})
        void deniesAnArnAudienceWhenTheInvokedArnIsUnknownNeverMatchingByName(String invokedArn) {
            assertThat(invokedAs(ARN, invokedArn.isEmpty() ? null : invokedArn).reason()).contains(ReasonCode.WRONG_AUDIENCE);
            assertThat(verifier.verify(Fixtures.token(validWrit().audience(ARN).build()), FUNCTION, REQUEST).reason())
                    .as("known by name only").contains(ReasonCode.WRONG_AUDIENCE);
            assertThat(verifier.verifyHeld(Fixtures.token(validWrit().audience(ARN).build()), FUNCTION).reason())
                    .contains(ReasonCode.WRONG_AUDIENCE);
        }

        @Test
        void stillAllowsItsBareNameAndNeverAnArnForItsName() {
            assertThat(invokedAs(FUNCTION, ARN).isAllowed()).isTrue();
            assertThat(invokedAs("arn:aws:lambda:eu-west-1:123456789012:function:other", ARN).reason())
                    .contains(ReasonCode.WRONG_AUDIENCE);
            // A bare member that is the ARN's name part is not the name: the name compared is the configured one.
            assertThat(verifier.verify(Fixtures.token(validWrit().audience(FUNCTION).build()),
                    FunctionIdentity.of("bundle-name", ARN), REQUEST, RequestInputs.NONE).reason()).contains(ReasonCode.WRONG_AUDIENCE);
        }
    }

    @Nested
    class RequestBindingChecks {
        @Test
        void deniesAnotherMethod() {
            RequestBinding get = new RequestBinding("GET", REQUEST.path(), REQUEST.apiId(), REQUEST.stage(), REQUEST.queryHash());
            assertThat(verifier.verify(Fixtures.validToken(), FUNCTION, get).reason()).contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesAnotherPath() {
            RequestBinding other = new RequestBinding("POST", "/payments/1/refund", REQUEST.apiId(), REQUEST.stage(), REQUEST.queryHash());
            assertThat(verifier.verify(Fixtures.validToken(), FUNCTION, other).reason()).contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesAnotherStage() {
            RequestBinding other = new RequestBinding("POST", REQUEST.path(), REQUEST.apiId(), "dev", REQUEST.queryHash());
            assertThat(verifier.verify(Fixtures.validToken(), FUNCTION, other).reason()).contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesAnotherApi() {
            RequestBinding other = new RequestBinding("POST", REQUEST.path(), "zzz999", REQUEST.stage(), REQUEST.queryHash());
            assertThat(verifier.verify(Fixtures.validToken(), FUNCTION, other).reason()).contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesAnotherQuery() {
            RequestBinding other = new RequestBinding("POST", REQUEST.path(), REQUEST.apiId(), REQUEST.stage(),
                    dev.writ.guard.writ.QueryHash.ofMultiValue(Map.of("dryRun", List.of("true"))));
            assertThat(verifier.verify(Fixtures.validToken(), FUNCTION, other).reason()).contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesAnHttpBoundWritOnANonHttpEvent() {
            assertThat(verifier.verify(Fixtures.validToken(), FUNCTION, null).reason()).contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesAnUnboundWritOnAnHttpEvent() {
            assertThat(verify(Fixtures.token(validWrit().request(null).build())).reason()).contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void ignoresWhatTheIssuerCouldNotBind() {
            WritClaims tokenAuthorizerWrit = validWrit().request(new RequestBinding("POST", "/payments", "a1b2c3", "prod", null)).build();
            assertThat(verify(Fixtures.token(tokenAuthorizerWrit)).isAllowed()).isTrue();
        }
    }

    @Nested
    class InputBindingChecks {
        private static final String AMOUNT = "h:x-payment-amount";

        private WritClaims boundTo(Map<String, String> values) {
            return validWrit().inputs(BoundInputs.ofValues(values)).build();
        }

        private Verification verifyWith(WritClaims writ, RequestInputs inputs) {
            return verifier.verify(Fixtures.token(writ), FUNCTION, REQUEST, inputs);
        }

        private RequestInputs headers(Map<String, String> headers) {
            return new HttpInputs(headers, null, null, null, "198.51.100.7");
        }

        @Test
        void allowsTheValuesTheWritWasIssuedFor() {
            WritClaims writ = boundTo(Map.of(AMOUNT, "100", BoundInputs.SOURCE_IP, "198.51.100.7"));
            assertThat(verifyWith(writ, headers(Map.of("X-Payment-Amount", "100"))).isAllowed()).isTrue();
        }

        @Test
        void deniesAnotherValueNamingTheInput() {
            Verification v = verifyWith(boundTo(Map.of(AMOUNT, "100")), headers(Map.of("X-Payment-Amount", "99999999")));
            assertThat(v.reason()).contains(ReasonCode.REQUEST_MISMATCH);
            assertThat(v.detail()).isEqualTo("header x-payment-amount does not match the value the writ was issued for");
        }

        @Test
        void comparesTheExactValueNotWhatItParsesTo() {
            assertThat(verifyWith(boundTo(Map.of(AMOUNT, "100")), headers(Map.of("X-Payment-Amount", "0100"))).reason())
                    .contains(ReasonCode.REQUEST_MISMATCH);
            assertThat(verifyWith(boundTo(Map.of(AMOUNT, "100")), headers(Map.of("X-Payment-Amount", "100 "))).reason())
                    .contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesABoundInputTheEventLacks() {
            Verification v = verifyWith(boundTo(Map.of(AMOUNT, "100")), headers(Map.of()));
            assertThat(v.reason()).contains(ReasonCode.REQUEST_MISMATCH);
            assertThat(v.detail()).isEqualTo("header x-payment-amount is bound by the writ but absent from the event");
            // The verify overload for events without inputs checks nothing away: a bound writ is refused.
            assertThat(verifier.verify(Fixtures.token(boundTo(Map.of(AMOUNT, "100"))), FUNCTION, REQUEST).reason())
                    .contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void deniesAnInputTheEventGivesTwice() {
            // API Gateway REST puts the last value of a repeated header in headers and all of them in
            // multiValueHeaders; a handler may read either.
            HttpInputs repeated = new HttpInputs(Map.of("X-Payment-Amount", "100"),
                    Map.of("X-Payment-Amount", List.of("99999999", "100")), null, null, null);
            Verification v = verifyWith(boundTo(Map.of(AMOUNT, "100")), repeated);
            assertThat(v.reason()).contains(ReasonCode.REQUEST_MISMATCH);
            assertThat(v.detail()).isEqualTo("header x-payment-amount carries more than one value");
            HttpInputs twoSpellings = new HttpInputs(Map.of("X-Payment-Amount", "100", "x-payment-amount", "5"),
                    null, null, null, null);
            assertThat(verifyWith(boundTo(Map.of(AMOUNT, "100")), twoSpellings).reason())
                    .contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void findsHeadersInAnyCase() {
            assertThat(verifyWith(boundTo(Map.of(AMOUNT, "100")), headers(Map.of("x-PAYMENT-amount", "100"))).isAllowed())
                    .isTrue();
        }

        @Test
        void deniesAnotherSourceAddressOrQueryValue() {
            Verification ip = verifyWith(boundTo(Map.of(BoundInputs.SOURCE_IP, "203.0.113.9")), headers(Map.of()));
            assertThat(ip.detail()).isEqualTo("source IP does not match the value the writ was issued for");
            HttpInputs query = new HttpInputs(null, null, Map.of("account", "a-2"), null, null);
            Verification q = verifyWith(boundTo(Map.of(BoundInputs.query("account"), "a-1")), query);
            assertThat(q.detail()).isEqualTo("query parameter account does not match the value the writ was issued for");
        }

        @Test
        void bindsADirectInvokePayloadByItsCanonicalJson() {
            Map<String, Object> payload = Map.of("amount", "700", "currency", "EUR");
            WritClaims writ = validWrit().request(null)
                    .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, BoundInputs.canonicalJson(payload)))).build();
            RequestInputs reordered = key -> List.of(BoundInputs.canonicalJson(
                    Json.parseObject("{ \"currency\": \"EUR\",\n \"amount\": \"700\" }")));
            assertThat(verifier.verify(Fixtures.token(writ), FUNCTION, null, reordered).isAllowed()).isTrue();
            RequestInputs changed = key -> List.of(BoundInputs.canonicalJson(Map.of("amount", "99999999", "currency", "EUR")));
            assertThat(verifier.verify(Fixtures.token(writ), FUNCTION, null, changed).detail())
                    .isEqualTo("payload does not match the value the writ was issued for");
        }

        @Test
        void deniesAPayloadWithNoCanonicalJsonByReasonNotByFailure() {
            WritClaims writ = validWrit().request(null)
                    .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, "{\"amount\":1e+308}"))).build();
            // 10^400 is no double: RFC 8785 has no form for it (before, it was printed digit for digit).
            RequestInputs beyondDoubles = key -> List.of(BoundInputs.canonicalJson(Map.of("amount", BigInteger.TEN.pow(400))));
            Verification v = verifier.verify(Fixtures.token(writ), FUNCTION, null, beyondDoubles);
            assertThat(v.reason()).contains(ReasonCode.REQUEST_MISMATCH);
            assertThat(v.detail()).startsWith("payload has no canonical JSON");
        }

        @Test
        void deniesAPayloadWhoseCanonicalJsonIsAnotherPayloadsToo() {
            // 2^53 + 1 prints as 2^53 (RFC 8785 numbers are doubles): the writ for one must not run the other.
            WritClaims writ = validWrit().request(null)
                    .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, "{\"n\":9007199254740992}"))).build();
            RequestInputs exact = key -> List.of(BoundInputs.canonicalJson(Json.parseObject("{\"n\":9007199254740992}")));
            assertThat(verifier.verify(Fixtures.token(writ), FUNCTION, null, exact).isAllowed()).isTrue();
            RequestInputs plusOne = key -> List.of(BoundInputs.canonicalJson(Json.parseObject("{\"n\":9007199254740993}")));
            Verification v = verifier.verify(Fixtures.token(writ), FUNCTION, null, plusOne);
            assertThat(v.reason()).contains(ReasonCode.REQUEST_MISMATCH);
            assertThat(v.detail()).isEqualTo("payload has no canonical JSON that binds it exactly"
                    + " (a number its canonical JSON does not give back exactly: 9007199254740993)");
        }

        @Test
        void refusesAnInputKeyThisGuardDoesNotKnow() {
            Map<String, Object> claims = new LinkedHashMap<>(validWrit().build().toJson());
            claims.put("in", Map.of("cookie:session", BoundInputs.digest("x")));
            Verification v = verify(signed(esHeader(), claims));
            assertThat(v.reason()).contains(ReasonCode.MALFORMED);
            assertThat(v.detail()).contains("cookie:session");
            claims.put("in", Map.of("h:X-Payment-Amount", BoundInputs.digest("x")));
            assertThat(verify(signed(esHeader(), claims)).reason()).as("header keys are lower case").contains(ReasonCode.MALFORMED);
            claims.put("in", Map.of());
            assertThat(verify(signed(esHeader(), claims)).reason()).contains(ReasonCode.MALFORMED);
            claims.put("in", Map.of(AMOUNT, "short"));
            assertThat(verify(signed(esHeader(), claims)).reason()).contains(ReasonCode.MALFORMED);
        }
    }

    @Nested
    class Bundles {
        private final WritVerifier strict = new WritVerifier(Fixtures.verifierConfig()
                .minimumBundleRevisions(Map.of("payments-api", 7L)).build());

        private Verification verifyWith(PolicyRef pol) {
            return strict.verify(Fixtures.token(validWrit().policy(pol).build()), FUNCTION, REQUEST);
        }

        @Test
        void deniesARevisionBelowTheMinimum() {
            assertThat(verifyWith(new PolicyRef("payments-api", 6, "h", List.of("p1"))).reason())
                    .contains(ReasonCode.REVOKED_BUNDLE);
            assertThat(verifyWith(new PolicyRef("payments-api", 7, "h", List.of("p1"))).isAllowed()).isTrue();
        }

        @Test
        void deniesAWritWithoutPolicyWhenAMinimumIsConfigured() {
            assertThat(verifyWith(null).reason()).contains(ReasonCode.REVOKED_BUNDLE);
        }

        @Test
        void appliesTheWildcardMinimumToOtherBundles() {
            WritVerifier any = new WritVerifier(Fixtures.verifierConfig().minimumBundleRevisions(Map.of("*", 3L)).build());
            String token = Fixtures.token(validWrit().policy(new PolicyRef("other", 2, "h", List.of())).build());
            assertThat(any.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.REVOKED_BUNDLE);
        }
    }

    @Nested
    class SingleUse {
        @Test
        void deniesTheReplayOfASingleUseWrit() {
            WritVerifier withStore = new WritVerifier(Fixtures.verifierConfig().replayStore(Fixtures.memoryReplayStore()).build());
            String token = Fixtures.token(validWrit().singleUse(true).build());
            assertThat(withStore.verify(token, FUNCTION, REQUEST).isAllowed()).isTrue();
            assertThat(withStore.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.REPLAYED);
        }

        @Test
        void doesNotBurnTheJtiOfAWritThatFailsAnotherCheck() {
            WritVerifier withStore = new WritVerifier(Fixtures.verifierConfig().replayStore(Fixtures.memoryReplayStore()).build());
            String token = Fixtures.token(validWrit().singleUse(true).build());
            assertThat(withStore.verify(token, "another-function", REQUEST).reason()).contains(ReasonCode.WRONG_AUDIENCE);
            assertThat(withStore.verify(token, FUNCTION, REQUEST).isAllowed()).isTrue();
        }

        @Test
        void deniesASingleUseWritWithoutAReplayStore() {
            assertThat(verify(Fixtures.token(validWrit().singleUse(true).build())).reason())
                    .contains(ReasonCode.REPLAY_UNAVAILABLE);
        }

        @Test
        void deniesWhenTheReplayStoreIsDown() {
            WritVerifier down = new WritVerifier(Fixtures.verifierConfig().replayStore((jti, until) -> {
                throw new ReplayStoreUnavailableException("table unreachable", null);
            }).build());
            String token = Fixtures.token(validWrit().singleUse(true).build());
            assertThat(down.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.REPLAY_UNAVAILABLE);
        }
    }

    /** A writ its execution already holds (a hop's parent at the writ exchange): no event to bind to. */
    @Nested
    class Held {
        @Test
        void skipsOnlyTheEventBindingAndTheConsumption() {
            WritVerifier withStore = new WritVerifier(Fixtures.verifierConfig().replayStore(Fixtures.memoryReplayStore()).build());
            String bound = Fixtures.token(validWrit().inputs(BoundInputs.ofValues(Map.of(BoundInputs.header("X-Payment-Amount"), "100"))).singleUse(true).build());
            RequestInputs event = key -> List.of("100");
            assertThat(withStore.verify(bound, FUNCTION, REQUEST, event).isAllowed()).as("its guard consumes it").isTrue();
            Verification held = withStore.verifyHeld(bound, FUNCTION);
            assertThat(held.isAllowed()).as(held.toString()).isTrue();
            assertThat(withStore.verifyHeld(bound, FUNCTION).isAllowed()).as("held, not consumed again").isTrue();
            assertThat(withStore.verify(bound, FUNCTION, REQUEST, event).reason()).contains(ReasonCode.REPLAYED);
            assertThat(withStore.verify(bound, FUNCTION, REQUEST).reason()).as("bound as ever").contains(ReasonCode.REQUEST_MISMATCH);
        }

        @Test
        void runsEveryOtherCheck() {
            assertThat(verifier.verifyHeld(Fixtures.validToken(), "another-function").reason()).contains(ReasonCode.WRONG_AUDIENCE);
            assertThat(verifier.verifyHeld(null, FUNCTION).reason()).contains(ReasonCode.MISSING_WRIT);
            assertThat(verifier.verifyHeld(Fixtures.token(validWrit().expiresAt(NOW - 60).build()), FUNCTION).reason())
                    .contains(ReasonCode.EXPIRED);
            assertThat(verifier.verifyHeld(Fixtures.token(validWrit().issuer("https://elsewhere").build()), FUNCTION).reason())
                    .contains(ReasonCode.WRONG_ISSUER);
            String token = Fixtures.validToken();
            String forged = token.substring(0, token.lastIndexOf('.') + 1) + B64.encodeToString(new byte[64]);
            assertThat(verifier.verifyHeld(forged, FUNCTION).reason()).contains(ReasonCode.BAD_SIGNATURE);
            WritVerifier strict = new WritVerifier(Fixtures.verifierConfig().minimumBundleRevisions(Map.of("*", 3L)).build());
            String old = Fixtures.token(validWrit().policy(new PolicyRef("payments-api", 2, "h", List.of())).build());
            assertThat(strict.verifyHeld(old, FUNCTION).reason()).contains(ReasonCode.REVOKED_BUNDLE);
        }
    }

    @Test
    void turnsAnythingUnexpectedIntoAnInternalErrorDenial() {
        KeyResolver broken = kid -> {
            throw new IllegalStateException("boom");
        };
        WritVerifier v = new WritVerifier(Fixtures.verifierConfig().keys(broken).build());
        Verification result = v.verify(Fixtures.validToken(), FUNCTION, REQUEST);
        assertThat(result.reason()).contains(ReasonCode.INTERNAL_ERROR);
        assertThat(result.writ()).isEmpty();
    }
}
