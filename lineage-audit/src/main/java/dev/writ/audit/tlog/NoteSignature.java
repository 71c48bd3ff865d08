package dev.writ.audit.tlog;

import dev.writ.audit.tlog.TlogFormatException.Reason;
import dev.writ.core.internal.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One signature line of a C2SP signed note (c2sp.org/signed-note):
 * {@code — <key name> base64(key ID || signature)}. The key name and 32-bit key ID say which key
 * signed; what the signature bytes mean depends on that key's type.
 */
public final class NoteSignature {
    static final String PREFIX = "\u2014 ";

    private final String keyName;
    private final int keyId;
    private final byte[] signature;

    public NoteSignature(String keyName, int keyId, byte[] signature) {
        this.keyName = NoteText.requireKeyName(keyName);
        this.keyId = keyId;
        this.signature = Objects.requireNonNull(signature, "signature").clone();
        if (signature.length == 0) {
            throw new TlogFormatException(Reason.SIGNATURE_TOO_SHORT, "a signature has at least one byte");
        }
    }

    /**
     * The recommended key ID: the first four bytes, big-endian, of
     * {@code SHA-256(key name || 0x0A || signature type || public key)}.
     */
    public static int keyId(String keyName, byte type, byte[] publicKey) {
        MessageDigest d = Sha256.newDigest();
        d.update(NoteText.requireKeyName(keyName).getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(type);
        d.update(publicKey);
        return ByteBuffer.wrap(d.digest()).getInt();
    }

    /** A key ID as verifier keys spell it: 8 lower-case hex digits. */
    public static String hex(int keyId) {
        return HexFormat.of().toHexDigits(keyId);
    }

    /**
     * Parses one line (without its newline).
     *
     * @throws TlogFormatException {@code BAD_SIGNATURE_LINE}, {@code BAD_KEY_NAME}, {@code BAD_BASE64}
     *     or {@code SIGNATURE_TOO_SHORT}
     */
    public static NoteSignature parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new TlogFormatException(Reason.BAD_SIGNATURE_LINE, "a signature line starts with an em dash (U+2014) and a space");
        }
        String rest = line.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new TlogFormatException(Reason.BAD_SIGNATURE_LINE, "a signature line is '\u2014 <key name> <base64>'");
        }
        String name = NoteText.requireKeyName(rest.substring(0, space));
        byte[] decoded = NoteText.base64(rest.substring(space + 1));
        if (decoded == null) {
            throw new TlogFormatException(Reason.BAD_BASE64, "the signature by " + name + " is not canonical standard base64");
        }
        if (decoded.length < 5) {
            throw new TlogFormatException(Reason.SIGNATURE_TOO_SHORT, "the signature by " + name + " has " + decoded.length
                    + " bytes, fewer than a key ID and a signature");
        }
        return new NoteSignature(name, ByteBuffer.wrap(decoded).getInt(), Arrays.copyOfRange(decoded, 4, decoded.length));
    }

    public String keyName() {
        return keyName;
    }

    public int keyId() {
        return keyId;
    }

    /** A copy of the signature bytes (after the key ID). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, without its newline. */
    public String line() {
        byte[] payload = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return PREFIX + keyName + " " + Base64.getEncoder().encodeToString(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.keyName.equals(keyName) && s.keyId == keyId && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return line();
    }
}
