package dev.writ.core.jose;

import java.util.Map;

/**
 * A compact JWS split into its parts; nothing about it is trusted until {@link JwsVerifier} says so.
 *
 * @param header       the protected header
 * @param payload      the payload, a strict JSON object
 * @param signingInput ASCII bytes of the first two parts with their dot
 * @param signature    the decoded signature
 */
public record Jws(JwsHeader header, Map<String, Object> payload, byte[] signingInput, byte[] signature) {
}
