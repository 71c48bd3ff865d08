package dev.writ.guard.writ;

/**
 * A writ split and parsed but not yet verified: nothing in it may be trusted until a verifier
 * has checked {@link #signature()} over {@link #signingInput()} with an allow-listed key.
 *
 * @param header       the protected header
 * @param writ         the claims
 * @param signingInput ASCII bytes of {@code header '.' payload}, as signed
 * @param signature    the decoded signature bytes (JWS form)
 */
public record DecodedWrit(WritHeader header, Writ writ, byte[] signingInput, byte[] signature) {
}
