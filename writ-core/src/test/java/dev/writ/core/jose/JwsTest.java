package dev.writ.core.jose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Jws's decoded signature and the text Nimbus verifies cannot be made to disagree outside this package. */
class JwsTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Test
    void noCodeOutsideThePackageCanBuildOne() {
        assertThat(Modifier.isFinal(Jws.class.getModifiers())).as("final: no subclass overrides the accessors").isTrue();
        assertThat(Jws.class.getDeclaredConstructors()).isNotEmpty().allSatisfy(constructor ->
                assertThat(constructor.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED))
                        .as("%s", constructor).isZero());
    }

    @Test
    void theBytesHandedOutAreCopies() {
        byte[] signature = new byte[64];
        Arrays.fill(signature, (byte) 7);
        String signingInput = part(Map.of("alg", "ES256")) + "." + part(Map.of("sub", "a"));
        Jws jws = CompactJws.parse(signingInput + "." + B64.encodeToString(signature));

        Arrays.fill(jws.signature(), (byte) 0);
        Arrays.fill(jws.signingInput(), (byte) 0);

        assertThat(jws.signature()).isEqualTo(signature);
        assertThat(jws.signatureBytes()).isEqualTo(signature);
        assertThat(jws.signingInput()).isEqualTo(signingInput.getBytes(StandardCharsets.US_ASCII));
    }

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.writeBytes(json));
    }
}
