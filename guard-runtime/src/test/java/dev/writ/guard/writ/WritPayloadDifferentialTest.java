package dev.writ.guard.writ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonCorpus;
import dev.writ.core.json.JsonException;
import dev.writ.guard.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard reads a writ's payload through {@code CompactJws}'s read-only JSON; before, through
 * jackson-jr's maps ({@link Json#parseObject(byte[])}, the oracle here). On every payload of
 * {@link JsonCorpus} (claims missing, null, mistyped, negative or fractional times, nested
 * {@code req}, {@code act}, {@code in}, {@code pol}, {@code scp} members, duplicates, syntax, bytes that
 * are not UTF-8, random mutations) both give the same claims or the same refusal, message for
 * message, and the verifier the same reason code with that message as its detail.
 */
class WritPayloadDifferentialTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** A writ header the rules accept, with a signature that never verifies: a decodable payload ends at BAD_SIGNATURE. */
    private static final String HEADER = B64.encodeToString(Json.writeBytes(header()));
    private static final String SIGNATURE = B64.encodeToString(new byte[64]);

    private final WritVerifier verifier = new WritVerifier(Fixtures.verifierConfig().build());

    @Test
    void theGuardReadsEveryPayloadAsTheMapPathDid() {
        int malformed = 0;
        int compared = 0;
        for (byte[] payload : JsonCorpus.all()) {
            if (payload.length == 0) {
                continue; // an empty part is refused as base64url before any JSON, by both
            }
            String token = HEADER + "." + B64.encodeToString(payload) + "." + SIGNATURE;
            String expected = mapPath(payload);
            String what = new String(payload, StandardCharsets.UTF_8);
            assertThat(decoded(token)).as(what).isEqualTo(expected);

            Verification verification = verifier.verify(token, Fixtures.FUNCTION, Fixtures.REQUEST);
            if (expected.startsWith(MalformedWritException.class.getSimpleName())) {
                assertThat(verification.reason()).as(what).contains(ReasonCode.MALFORMED);
                assertThat(MalformedWritException.class.getSimpleName() + ": " + verification.detail()).as(what).isEqualTo(expected);
                malformed++;
            } else {
                assertThat(expected).as(what).startsWith("claims ");
                assertThat(verification.reason()).as(what).contains(ReasonCode.BAD_SIGNATURE);
            }
            compared++;
        }
        assertThat(malformed).as("refusals and readable payloads both compared").isBetween(compared / 10, compared * 9 / 10);
    }

    /** What the guard made of the payload before: jackson-jr's map, then the claims read from it. */
    private static String mapPath(byte[] payload) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(payload);
        } catch (JsonException e) {
            return MalformedWritException.class.getSimpleName() + ": payload is not a strict JSON object: " + e.getMessage();
        }
        try {
            return "claims " + WritClaims.fromJson(json).toJson();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** What the guard makes of it now. */
    private static String decoded(String token) {
        try {
            return "claims " + WritCodec.decodeUnverified(token).toJson();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static Map<String, Object> header() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", WritCodec.TYPE);
        header.put("kid", Fixtures.key(SigningAlgorithm.ES256).getKeyID());
        return header;
    }
}
