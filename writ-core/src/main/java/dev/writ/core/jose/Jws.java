package dev.writ.core.jose;

import java.util.Map;

/**
 * A compact JWS split into its parts; nothing about it is trusted until {@link JwsVerifier} says so.
 *
 * @param header       the protected header
 * @param payload      the payload, a strict JSON object
 * @param signingInput ASCII bytes of the first two parts with their dot
 * @param signature    the decoded signature
 * @param signaturePart the signature part as the token spells it (canonical base64url, so the one
 *                     spelling of {@code signature}): handed to Nimbus as it is instead of re-encoded
 */
public record Jws(JwsHeader header, Map<String, Object> payload, byte[] signingInput, byte[] signature,
                  String signaturePart) {
}
