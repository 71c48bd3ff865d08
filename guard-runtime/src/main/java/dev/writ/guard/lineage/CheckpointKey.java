package dev.writ.guard.lineage;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
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
