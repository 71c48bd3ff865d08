package dev.writ.audit;

import dev.writ.guard.lineage.internal.LineageHash;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public half of the checkpoint key as a C2SP signed-note verifier key: a key name and an
 * ECDSA P-256 public key (signature type {@code 0x02}, as implemented by
 * github.com/transparency-dev/witness: key ID = first four bytes of SHA-256 of the DER SPKI).
 */
public record CheckpointKey(String name, PublicKey publicKey) {
    static final byte TYPE_ECDSA = 0x02;
    /** The key name checkpoints are signed under unless configured otherwise. */
    public static final String DEFAULT_NAME = "writ-lineage-checkpoint";

    public CheckpointKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        if (name.isEmpty() || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '+' || c < 0x20)) {
            throw new IllegalArgumentException("a note key name must be non-empty, without spaces or '+'");
        }
        if (!(publicKey instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("checkpoint keys are ECDSA P-256");
        }
    }

    /**
     * Parses a verifier key as {@link #verifierKey()} prints it. The key ID must be the one the
     * key implies, so a name cannot be paired with another key unnoticed.
     *
     * @throws IllegalArgumentException when it is not a well-formed ECDSA P-256 verifier key
     */
    public static CheckpointKey parse(String verifierKey) {
        String[] parts = verifierKey.strip().split("\\+", 3); // the base64 part may itself hold +
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is <name>+<key ID hex>+<base64 key>");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the verifier key's key is not base64");
        }
        if (typed.length < 2 || typed[0] != TYPE_ECDSA) {
            throw new IllegalArgumentException("the verifier key is not of type 0x02 (ECDSA)");
        }
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Arrays.copyOfRange(typed, 1, typed.length)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the verifier key does not hold an EC public key");
        }
        CheckpointKey key = new CheckpointKey(parts[0], publicKey);
        if (!parts[1].equals(HexFormat.of().toHexDigits(key.keyId()))) {
            throw new IllegalArgumentException("the verifier key's key ID " + parts[1] + " is not its key's (" + HexFormat.of().toHexDigits(key.keyId()) + ")");
        }
        return key;
    }

    /** The 32-bit key ID carried in front of every signature by this key. */
    public int keyId() {
        return ByteBuffer.wrap(LineageHash.sha256(publicKey.getEncoded())).getInt();
    }

    /**
     * The verifier key string witnesses and note tooling take:
     * {@code <name>+<key ID hex>+base64(0x02 || DER SPKI)}.
     */
    public String verifierKey() {
        byte[] spki = publicKey.getEncoded();
        byte[] typed = new byte[spki.length + 1];
        typed[0] = TYPE_ECDSA;
        System.arraycopy(spki, 0, typed, 1, spki.length);
        return name + "+" + HexFormat.of().toHexDigits(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
    }
}
