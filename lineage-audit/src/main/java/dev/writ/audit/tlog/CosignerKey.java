package dev.writ.audit.tlog;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * A witness's Ed25519 cosignature/v1 key (signature type {@code 0x04}, c2sp.org/tlog-cosignature):
 * key ID = {@code SHA-256(name || 0x0A || 0x04 || 32-byte key)[:4]}; a signature is
 * {@code timestamp (u64, big-endian) || Ed25519 signature} over {@link #signedMessage}. The message
 * does not name the cosigner, so a key must serve one cosigner only.
 */
public record CosignerKey(String keyName, PublicKey publicKey) implements NoteVerifier {
    public static final byte TYPE = 0x04;
    private static final String HEADER = "cosignature/v1\n";

    public CosignerKey {
        VerifierKey.ofEd25519(keyName, TYPE, publicKey);
    }

    /**
     * Parses a verifier key of type {@code 0x04} whose key ID is the one its name and key imply.
     *
     * @throws TlogFormatException {@code BAD_VERIFIER_KEY}, {@code BAD_KEY_NAME}, {@code WRONG_KEY_TYPE} or {@code KEY_ID_MISMATCH}
     */
    public static CosignerKey parse(String vkey) {
        VerifierKey v = VerifierKey.parse(vkey);
        return new CosignerKey(v.keyName(), v.ed25519(TYPE));
    }

    @Override
    public int keyId() {
        return VerifierKey.ofEd25519(keyName, TYPE, publicKey).keyId();
    }

    /** The verifier key string. */
    public String verifierKey() {
        return VerifierKey.ofEd25519(keyName, TYPE, publicKey).toString();
    }

    /**
     * What a cosignature/v1 signs: {@code cosignature/v1\n}, {@code time <timestamp>\n}, then the
     * whole checkpoint text (extension lines included, signature lines not).
     */
    public static byte[] signedMessage(long timestamp, String checkpointText) {
        return (HEADER + "time " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code signature} (8-byte timestamp and 64-byte Ed25519 signature) is this key's cosignature of {@code text}. */
    @Override
    public boolean verify(String text, byte[] signature) {
        Cosignature c;
        try {
            c = Cosignature.of(new NoteSignature(keyName, keyId(), signature));
        } catch (TlogFormatException e) {
            return false;
        }
        return verify(text, c);
    }

    /** True when {@code cosignature} is by this key (name and key ID) and verifies over {@code checkpointText}. */
    public boolean verify(String checkpointText, Cosignature cosignature) {
        return cosignature.keyName().equals(keyName) && cosignature.keyId() == keyId()
                && Ed25519.verify(publicKey, signedMessage(cosignature.timestamp(), checkpointText), cosignature.signature());
    }
}
