package dev.writ.core.jose;

import java.util.Map;

/**
 * A compact JWS split into its parts; nothing about it is trusted until {@link JwsVerifier} says so.
 * Only {@link CompactJws#parse} makes one, so the decoded signature (read by the ES256 low-s check)
 * and its text (handed to Nimbus) are always the same signature; the byte arrays handed out are
 * copies for the same reason.
 */
public final class Jws {
    private final JwsHeader header;
    private final Map<String, Object> payload;
    private final byte[] signingInput;
    private final byte[] signature;
    private final String signaturePart;

    Jws(JwsHeader header, Map<String, Object> payload, byte[] signingInput, byte[] signature, String signaturePart) {
        this.header = header;
        this.payload = payload;
        this.signingInput = signingInput;
        this.signature = signature;
        this.signaturePart = signaturePart;
    }

    /** The protected header. */
    public JwsHeader header() {
        return header;
    }

    /**
     * The payload, a strict JSON object. It cannot be changed, nor can anything inside it: every
     * caller, and every check after another, reads what the token says.
     */
    public Map<String, Object> payload() {
        return payload;
    }

    /** ASCII bytes of the first two parts with their dot. */
    public byte[] signingInput() {
        return signingInput.clone();
    }

    /** The decoded signature. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The signing input as parsed, for this package's checks (no copy on the verification path). */
    byte[] signingInputBytes() {
        return signingInput;
    }

    /** The decoded signature as parsed, for this package's checks (no copy on the verification path). */
    byte[] signatureBytes() {
        return signature;
    }

    /**
     * The signature part as the token spells it (canonical base64url, so the one spelling of
     * {@link #signature()}): handed to Nimbus as it is instead of re-encoded.
     */
    String signaturePart() {
        return signaturePart;
    }
}
