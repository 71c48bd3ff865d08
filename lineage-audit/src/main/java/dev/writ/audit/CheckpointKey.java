package dev.writ.audit;

import dev.writ.audit.tlog.NoteVerifier;
import dev.writ.audit.tlog.VerifierKey;
import dev.writ.guard.lineage.internal.LineageHash;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public half of the checkpoint key as a C2SP signed-note verifier key: a key name and an
 * ECDSA P-256 public key (signature type {@code 0x02}, as implemented by
 * github.com/transparency-dev/witness: key ID = first four bytes of SHA-256 of the DER SPKI; a
 * signature is ASN.1 DER ECDSA over SHA-256 of the note text).
 */
public record CheckpointKey(String name, PublicKey publicKey) implements NoteVerifier {
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
     * Parses a verifier key as {@link #verifierKey()} prints it (surrounding white space, such as
     * a file's final newline, is ignored), by the strict C2SP rules of {@link VerifierKey#parse}.
     * The key ID must be the one the key implies, so a name cannot be paired with another key
     * unnoticed.
     *
     * @throws IllegalArgumentException when it is not a well-formed ECDSA P-256 verifier key
     */
    public static CheckpointKey parse(String verifierKey) {
        VerifierKey v = VerifierKey.parse(verifierKey.strip());
        if (v.type() != TYPE_ECDSA) {
            throw new IllegalArgumentException("the verifier key is not of type 0x02 (ECDSA)");
        }
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(v.key()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the verifier key does not hold an EC public key");
        }
        CheckpointKey key = new CheckpointKey(v.keyName(), publicKey);
        if (v.keyId() != key.keyId()) {
            throw new IllegalArgumentException("the verifier key's key ID " + HexFormat.of().toHexDigits(v.keyId())
                    + " is not its key's (" + HexFormat.of().toHexDigits(key.keyId()) + ")");
        }
        return key;
    }

    @Override
    public String keyName() {
        return name;
    }

    /** The 32-bit key ID carried in front of every signature by this key. */
    @Override
    public int keyId() {
        return ByteBuffer.wrap(LineageHash.sha256(publicKey.getEncoded())).getInt();
    }

    /** True when {@code signature} is a DER ECDSA P-256 signature by this key over SHA-256 of {@code text}. */
    @Override
    public boolean verify(String text, byte[] signature) {
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(publicKey);
            v.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return v.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The verifier key string witnesses and note tooling take:
     * {@code <name>+<key ID hex>+base64(0x02 || DER SPKI)}.
     */
    public String verifierKey() {
        return new VerifierKey(name, keyId(), TYPE_ECDSA, publicKey.getEncoded()).toString();
    }
}
