package dev.writ.core.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict reading of compact JWS: one spelling per token, whatever the length of each part. */
class CompactJwsTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void readsEveryPartAsItsExactBytes() {
        for (int n = 0; n < 6; n++) {
            byte[] signature = new byte[64 + n];
            for (int i = 0; i < signature.length; i++) {
                signature[i] = (byte) (i * 37 + n);
            }
            String signingInput = header() + "." + payload(n);
            Jws jws = CompactJws.parse(signingInput + "." + B64.encodeToString(signature));
            assertThat(jws.signature()).isEqualTo(signature);
            assertThat(jws.signaturePart()).isEqualTo(B64.encodeToString(signature));
            assertThat(jws.signingInput()).isEqualTo(signingInput.getBytes(StandardCharsets.US_ASCII));
            assertThat(jws.payload()).containsEntry("pad", "x".repeat(n));
            assertThat(jws.header().alg()).isEqualTo("PS256");
        }
    }

    @Test
    void refusesEveryNonCanonicalSpellingOfEachPart() {
        // Part lengths of 2 and 3 modulo 4 leave 4 and 2 spare bits in the last character; setting
        // any of them spells the same bytes another way.
        int refused = 0;
        for (int n = 0; n < 6; n++) {
            String[] parts = {header(), payload(n), B64.encodeToString(new byte[64 + n])};
            String[] names = {"header", "payload", "signature"};
            for (int p = 0; p < 3; p++) {
                String part = parts[p];
                int spareBits = switch (part.length() % 4) {
                    case 2 -> 4;
                    case 3 -> 2;
                    default -> 0;
                };
                int last = ALPHABET.indexOf(part.charAt(part.length() - 1));
                for (int bit = 0; bit < spareBits; bit++) {
                    String[] respelled = parts.clone();
                    respelled[p] = part.substring(0, part.length() - 1) + ALPHABET.charAt(last ^ (1 << bit));
                    String token = String.join(".", respelled);
                    assertThatThrownBy(() -> CompactJws.parse(token))
                            .isInstanceOf(MalformedJwsException.class)
                            .hasMessage(names[p] + " is not canonical base64url");
                    refused++;
                }
            }
        }
        assertThat(refused).as("both residues met for every part").isGreaterThan(20);
    }

    @Test
    void refusesWhatIsNotUnpaddedBase64Url() {
        String payload = payload(0);
        assertThatThrownBy(() -> CompactJws.parse(header() + "=." + payload + ".AAAA"))
                .hasMessage("header is not unpadded base64url");
        assertThatThrownBy(() -> CompactJws.parse(header() + "." + payload + "+.AAAA"))
                .hasMessage("payload is not unpadded base64url");
        assertThatThrownBy(() -> CompactJws.parse(header() + "." + payload + ".AA\u00e9A"))
                .hasMessage("signature is not unpadded base64url");
        assertThatThrownBy(() -> CompactJws.parse(header() + ".." + "AAAA"))
                .hasMessage("payload is not unpadded base64url");
        assertThatThrownBy(() -> CompactJws.parse(header() + "." + payload + ".AAAAA"))
                .as("one character left over encodes no byte")
                .hasMessage("signature is not valid base64url");
        assertThat(CompactJws.parse(header() + "." + payload + ".").signature()).isEmpty();
    }

    @Test
    void refusesPaddingTheDecoderWouldAccept() {
        // Correctly padded base64url decodes without complaint; only the length tells it apart.
        String payload = payload(0);
        assertThatThrownBy(() -> CompactJws.parse(header() + "." + payload + ".AAA="))
                .hasMessage("signature is not unpadded base64url");
        assertThatThrownBy(() -> CompactJws.parse(header() + "." + payload + ".AA=="))
                .hasMessage("signature is not unpadded base64url");
        String padded = Base64.getUrlEncoder().encodeToString(Json.writeBytes(Map.of("pad", "")));
        assertThat(padded).endsWith("=");
        assertThatThrownBy(() -> CompactJws.parse(header() + "." + padded + ".AAAA"))
                .hasMessage("payload is not unpadded base64url");
    }

    private static String header() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "PS256");
        header.put("typ", "writ+jwt");
        header.put("kid", "k1");
        return B64.encodeToString(Json.writeBytes(header));
    }

    private static String payload(int pad) {
        return B64.encodeToString(Json.writeBytes(Map.of("pad", "x".repeat(pad))));
    }
}
