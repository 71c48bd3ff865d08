package dev.writ.audit.merkle;

import dev.writ.core.internal.Sha256;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One 32-byte hash of an RFC 9162 §2.1.1 Merkle tree over SHA-256: a leaf hash
 * {@code SHA-256(0x00 || d)}, an interior node {@code SHA-256(0x01 || left || right)}, or a root.
 * Any other length is refused where a hash is made, so no proof step ever runs on a truncated or
 * padded value. Immutable; {@link #equals} compares in constant time.
 */
public final class MerkleHash {
    /** Bytes in a hash. */
    public static final int SIZE = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final MerkleHash EMPTY_ROOT = new MerkleHash(Sha256.digest(new byte[0]));

    private final byte[] bytes;

    private MerkleHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes} as a hash. */
    public static MerkleHash of(byte[] bytes) {
        if (bytes == null || bytes.length != SIZE) {
            throw new IllegalArgumentException("a Merkle hash is " + SIZE + " bytes, not " + (bytes == null ? "null" : bytes.length));
        }
        return new MerkleHash(bytes.clone());
    }

    /** 64 lower-case hex digits, as the lineage format spells every hash; nothing else. */
    public static MerkleHash fromHex(String hex) {
        // Lower case only: one hash, one spelling (as LineageHash), so a re-cased copy is not another value.
        if (hex == null || hex.length() != 2 * SIZE || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a Merkle hash in hex is 64 lower-case hex digits");
        }
        return new MerkleHash(HEX.parseHex(hex));
    }

    /**
     * Standard base64 (RFC 4648 §4, padded) of 32 bytes, as C2SP checkpoints and the witness
     * protocol spell hashes. Only the canonical spelling is taken: a second spelling of the same
     * bytes (other trailing bits, no padding) would let two texts carry one hash.
     */
    public static MerkleHash fromBase64(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("a Merkle hash in base64 is standard base64");
        }
        if (decoded.length != SIZE || !Base64.getEncoder().encodeToString(decoded).equals(base64)) {
            throw new IllegalArgumentException("a Merkle hash in base64 is the canonical padded base64 of 32 bytes");
        }
        return new MerkleHash(decoded);
    }

    /** The leaf hash of {@code data}: {@code SHA-256(0x00 || data)}. */
    public static MerkleHash leaf(byte[] data) {
        MessageDigest d = Sha256.newDigest();
        d.update((byte) 0x00);
        d.update(data);
        return new MerkleHash(d.digest());
    }

    /** The interior node over two children: {@code SHA-256(0x01 || left || right)}. */
    public static MerkleHash node(MerkleHash left, MerkleHash right) {
        MessageDigest d = Sha256.newDigest();
        d.update((byte) 0x01);
        d.update(left.bytes);
        d.update(right.bytes);
        return new MerkleHash(d.digest());
    }

    /** The root of the empty tree, {@code SHA-256()} of nothing. */
    public static MerkleHash emptyRoot() {
        return EMPTY_ROOT;
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerkleHash other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
