package dev.writ.core.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.json.Json;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Jws's decoded signature and the text Nimbus verifies cannot be made to disagree outside this package. */
@SuppressWarnings("unchecked")
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

    @Test
    void theParsedPayloadAndHeaderCannotBeChangedByOneCallerForTheChecksAfterIt() {
        String signingInput = part(Map.of("alg", "ES256", "x", Map.of("y", 1))) + "."
                + part(Map.of("exp", 1, "aud", java.util.List.of("f"), "req", Map.of("m", "GET")));
        Jws jws = CompactJws.parse(signingInput + "." + B64.encodeToString(new byte[64]));

        assertThatThrownBy(() -> jws.payload().put("exp", Long.MAX_VALUE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> jws.payload().remove("exp")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) jws.payload().get("req")).put("m", "POST"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((java.util.List<Object>) jws.payload().get("aud")).add("another-fn"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) jws.header().members().get("x")).put("y", 2))
                .isInstanceOf(UnsupportedOperationException.class);

        assertThat(jws.payload()).isEqualTo(Map.of("exp", 1, "aud", java.util.List.of("f"), "req", Map.of("m", "GET")));
        assertThat(jws.payload()).as("no copy per call").isSameAs(jws.payload());
    }

    @Test
    void aHeaderKeepsTheReadOnlyMembersItWasReadFromAndCopiesAnyOther() {
        Map<String, Object> readOnly = Json.parseReadOnlyObject("{\"alg\":\"PS256\",\"kid\":\"k\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new JwsHeader("PS256", null, "k", java.util.List.of(), readOnly).members()).isSameAs(readOnly);

        Map<String, Object> mutable = new java.util.HashMap<>(readOnly);
        JwsHeader header = new JwsHeader("PS256", null, "k", java.util.List.of(), mutable);
        mutable.put("jku", "https://attacker");
        assertThat(header.names()).containsExactlyInAnyOrder("alg", "kid");
    }

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.writeBytes(json));
    }
}
