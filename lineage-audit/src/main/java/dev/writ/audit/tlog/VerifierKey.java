package dev.writ.audit.tlog;

import dev.writ.audit.tlog.TlogFormatException.Reason;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A C2SP verifier key ("vkey", c2sp.org/signed-note): {@code <name>+<hex key ID>+base64(type || key)}.
 * Parsing checks the form; the typed keys ({@link Ed25519NoteKey}, {@link CosignerKey}) check the
 * type, the key and that the key ID is the one they imply.
 */
public record VerifierKey(String keyName, int keyId, byte type, byte[] key) {
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");

    public VerifierKey {
        NoteText.requireKeyName(keyName);
        key = Objects.requireNonNull(key, "key").clone();
    }

    /**
     * Parses {@code <name>+<8 lower-case hex digits>+<canonical base64 of type byte and key>}; the
     * base64 part may itself hold {@code +}.
     *
     * @throws TlogFormatException {@code BAD_VERIFIER_KEY} or {@code BAD_KEY_NAME}
     */
    public static VerifierKey parse(String vkey) {
        String[] parts = vkey.split("\\+", 3);
        if (parts.length != 3) {
            throw new TlogFormatException(Reason.BAD_VERIFIER_KEY, "a verifier key is <name>+<key ID hex>+<base64(type || key)>");
        }
        if (!KEY_ID.matcher(parts[1]).matches()) {
            throw new TlogFormatException(Reason.BAD_VERIFIER_KEY, "a verifier key's key ID is 8 lower-case hex digits");
        }
        byte[] typed = NoteText.base64(parts[2]);
        if (typed == null || typed.length < 2) {
            throw new TlogFormatException(Reason.BAD_VERIFIER_KEY, "a verifier key's key is the canonical base64 of a type byte and a key");
        }
        return new VerifierKey(parts[0], Integer.parseUnsignedInt(parts[1], 16), typed[0], Arrays.copyOfRange(typed, 1, typed.length));
    }

    /** The verifier key of an Ed25519 public key under {@code keyName} as signature type {@code type}, with its key ID. */
    static VerifierKey ofEd25519(String keyName, byte type, PublicKey publicKey) {
        byte[] raw = Ed25519.raw(Objects.requireNonNull(publicKey, "publicKey"));
        return new VerifierKey(keyName, NoteSignature.keyId(keyName, type, raw), type, raw);
    }

    /** Checks the type and that the key ID is {@link NoteSignature#keyId} of this name, type and key. */
    VerifierKey require(byte expectedType, int keyBytes) {
        if (type != expectedType || key.length != keyBytes) {
            throw new TlogFormatException(Reason.WRONG_KEY_TYPE, "expected a key of type 0x" + String.format("%02x", expectedType)
                    + " with " + keyBytes + " key bytes, not type 0x" + String.format("%02x", type) + " with " + key.length);
        }
        int expected = NoteSignature.keyId(keyName, type, key);
        if (keyId != expected) {
            throw new TlogFormatException(Reason.KEY_ID_MISMATCH, "key ID " + NoteSignature.hex(keyId) + " is not this key's ("
                    + NoteSignature.hex(expected) + ")");
        }
        return this;
    }

    /** The Ed25519 public key of a key of {@code type}, after {@link #require}. */
    PublicKey ed25519(byte expectedType) {
        require(expectedType, Ed25519.KEY_BYTES);
        try {
            return Ed25519.publicKey(key);
        } catch (IllegalArgumentException e) {
            throw new TlogFormatException(Reason.BAD_VERIFIER_KEY, "the key is not an Ed25519 public key");
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey v && v.keyName.equals(keyName) && v.keyId == keyId && v.type == type && Arrays.equals(v.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyId, type, Arrays.hashCode(key));
    }

    /** The verifier key string. */
    @Override
    public String toString() {
        byte[] typed = new byte[key.length + 1];
        typed[0] = type;
        System.arraycopy(key, 0, typed, 1, key.length);
        return keyName + "+" + NoteSignature.hex(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
    }
}
