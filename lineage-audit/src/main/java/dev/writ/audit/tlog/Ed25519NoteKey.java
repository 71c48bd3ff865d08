package dev.writ.audit.tlog;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * An Ed25519 note key (signature type {@code 0x01}, c2sp.org/signed-note): the signature is RFC
 * 8032 Ed25519 over the note text; key ID = {@code SHA-256(name || 0x0A || 0x01 || 32-byte key)[:4]}.
 */
public record Ed25519NoteKey(String keyName, PublicKey publicKey) implements NoteVerifier {
    public static final byte TYPE = 0x01;

    public Ed25519NoteKey {
        VerifierKey.ofEd25519(keyName, TYPE, publicKey);
    }

    /**
     * Parses a verifier key of type {@code 0x01} whose key ID is the one its name and key imply.
     *
     * @throws TlogFormatException {@code BAD_VERIFIER_KEY}, {@code BAD_KEY_NAME}, {@code WRONG_KEY_TYPE} or {@code KEY_ID_MISMATCH}
     */
    public static Ed25519NoteKey parse(String vkey) {
        VerifierKey v = VerifierKey.parse(vkey);
        return new Ed25519NoteKey(v.keyName(), v.ed25519(TYPE));
    }

    @Override
    public int keyId() {
        return VerifierKey.ofEd25519(keyName, TYPE, publicKey).keyId();
    }

    @Override
    public boolean verify(String text, byte[] signature) {
        return Ed25519.verify(publicKey, text.getBytes(StandardCharsets.UTF_8), signature);
    }

    /** The verifier key string. */
    public String verifierKey() {
        return VerifierKey.ofEd25519(keyName, TYPE, publicKey).toString();
    }
}
