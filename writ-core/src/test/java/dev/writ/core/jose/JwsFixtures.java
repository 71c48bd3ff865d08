package dev.writ.core.jose;

import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Tokens no Writ signer would make, for tests of what verifiers refuse. */
public final class JwsFixtures {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private JwsFixtures() {
    }

    /** Signs exactly this header (its {@code alg} and {@code kid} as given, nothing added) and payload, at any size. */
    public static String signExactly(Map<String, Object> header, Map<String, Object> payload, Signer signer) {
        String signingInput = BASE64URL.encodeToString(Json.writeBytes(header)) + '.'
                + BASE64URL.encodeToString(Json.writeBytes(payload));
        return signingInput + '.' + BASE64URL.encodeToString(signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
