package dev.writ.core.jose;

import dev.writ.core.json.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** Tokens no Writ signer would make, for tests of what verifiers refuse. */
public final class JwsFixtures {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private JwsFixtures() {
    }

    /** Signs exactly this header (its {@code alg} and {@code kid} as given, nothing added) and payload, at any size. */
    public static String signExactly(Map<String, Object> header, Map<String, Object> payload, Signer signer) {
        String signingInput = BASE64URL.encodeToString(Json.writeBytes(header)) + '.'
                + BASE64URL.encodeToString(Json.writeBytes(payload));
        return signingInput + '.' + BASE64URL.encodeToString(signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * {@code token}, an ES256 JWS with a low-s signature (as every Writ signer makes), with its
     * signature replaced by the high-s twin {@code (r, n - s)}: as valid to plain ECDSA, refused by Writ.
     */
    public static String highSTwin(String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        if (signature.length != 64 || !dev.writ.core.internal.EcdsaSignatures.isLowS(signature)) {
            throw new IllegalArgumentException("not a low-s ES256 signature");
        }
        byte[] highS = P256_ORDER.subtract(new BigInteger(1, Arrays.copyOfRange(signature, 32, 64))).toByteArray();
        byte[] twin = signature.clone();
        Arrays.fill(twin, 32, 64, (byte) 0);
        int length = Math.min(highS.length, 32);
        System.arraycopy(highS, highS.length - length, twin, 64 - length, length);
        return token.substring(0, dot + 1) + BASE64URL.encodeToString(twin);
    }
}
