package dev.writ.audit.tlog;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Objects;

/**
 * Signs checkpoints as a witness: Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature) with the
 * JDK's EdDSA. Holds the private key; give it only to the witness.
 */
public final class CosignatureSigner {
    private final CosignerKey key;
    private final KeyPair keyPair;

    /**
     * A signer named {@code keyName} with an Ed25519 key pair.
     *
     * @throws IllegalArgumentException when the name is not a note key name, the keys are not
     *     Ed25519, or the private key is not the public key's (checked by signing once)
     */
    public CosignatureSigner(String keyName, KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.key = new CosignerKey(keyName, keyPair.getPublic());
        byte[] probe = "writ cosigner key pair check".getBytes(StandardCharsets.UTF_8);
        if (!Ed25519.verify(keyPair.getPublic(), probe, Ed25519.sign(keyPair.getPrivate(), probe))) {
            throw new IllegalArgumentException("the private key is not the public key's");
        }
    }

    /** The public half, as verifiers are configured with it. */
    public CosignerKey key() {
        return key;
    }

    /**
     * Cosigns {@code checkpoint} at {@code timestamp} (POSIX seconds, 1 to 2^63 - 1: tlog-witness
     * forbids omitting it as 0).
     */
    public Cosignature sign(TlogCheckpoint checkpoint, long timestamp) {
        if (timestamp <= 0) {
            throw new IllegalArgumentException("a witness cosignature carries a timestamp above 0");
        }
        byte[] sig = Ed25519.sign(keyPair.getPrivate(), CosignerKey.signedMessage(timestamp, checkpoint.text()));
        return new Cosignature(key.keyName(), key.keyId(), timestamp, sig);
    }
}
