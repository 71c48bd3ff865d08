package dev.writ.core.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash of Writ (query binding, lineage, bundle content, response hashes). */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh digest, for incremental hashing. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** SHA-256 of {@code input}. */
    public static byte[] digest(byte[] input) {
        return newDigest().digest(input);
    }
}
