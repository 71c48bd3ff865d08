package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import dev.writ.core.internal.Sha256;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The domain-separated chain hash (docs/lineage.md), after RFC 9162 §2.1:
 * {@code leaf = SHA-256(0x00 || JCS(record without prev, hash))},
 * {@code hash = SHA-256(0x01 || prev || leaf)}. The two prefixes keep a leaf from ever being
 * mistaken for a link.
 */
public final class LineageHash {
    public static final String ZERO_HEX = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private LineageHash() {
    }

    public static String chainHash(LineageRecord record) {
        byte[] prev = decode(record.prev());
        MessageDigest leafDigest = Sha256.newDigest();
        leafDigest.update((byte) 0x00);
        leafDigest.update(RecordJson.canonicalContent(record));
        byte[] leaf = leafDigest.digest();
        MessageDigest link = Sha256.newDigest();
        link.update((byte) 0x01);
        link.update(prev);
        link.update(leaf);
        return HEX.formatHex(link.digest());
    }

    /** Constant-time comparison of two hex hashes; false for anything that is not 32 bytes of hex. */
    public static boolean equalHex(String a, String b) {
        byte[] x = decodeOrNull(a);
        byte[] y = decodeOrNull(b);
        return x != null && y != null && MessageDigest.isEqual(x, y);
    }

    public static boolean isHash(String hex) {
        return decodeOrNull(hex) != null;
    }

    public static byte[] sha256(byte[] data) {
        return Sha256.digest(data);
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static byte[] decode(String hex) {
        byte[] b = decodeOrNull(hex);
        if (b == null) {
            throw new MalformedRecordException("not a 32-byte lower-case hex hash");
        }
        return b;
    }

    private static byte[] decodeOrNull(String hex) {
        // Lower case only: one hash, one spelling, so a re-cased copy cannot pass as the original.
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        return HEX.parseHex(hex);
    }

}
