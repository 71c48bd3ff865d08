package dev.writ.audit.tlog;

import dev.writ.audit.tlog.TlogFormatException.Reason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 cosignature/v1 line (c2sp.org/tlog-cosignature): a note signature whose bytes are a
 * {@code timestamped_signature}, a big-endian u64 POSIX time and a 64-byte Ed25519 signature, so
 * the line's base64 holds 4 + 8 + 64 = 76 bytes. Parsing reads the time; {@link CosignerKey#verify}
 * checks the signature.
 */
public final class Cosignature {
    /**
     * How far a cosignature's time may be ahead of the reader's clock: c2sp.org/tlog-cosignature
     * lets verifiers reject cosignatures with timestamps in the future, and one dated later than
     * clocks can disagree claims a view of the log no one had yet.
     */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(10);
    static final int BYTES = 8 + Ed25519.SIGNATURE_BYTES;

    private final String keyName;
    private final int keyId;
    private final long timestamp;
    private final byte[] signature;

    Cosignature(String keyName, int keyId, long timestamp, byte[] signature) {
        this.keyName = NoteText.requireKeyName(keyName);
        this.keyId = keyId;
        if (timestamp < 0) {
            throw new TlogFormatException(Reason.TIMESTAMP_OUT_OF_RANGE, "a cosignature timestamp is at most 2^63 - 1");
        }
        this.timestamp = timestamp;
        if (signature.length != Ed25519.SIGNATURE_BYTES) {
            throw new TlogFormatException(Reason.BAD_COSIGNATURE, "an Ed25519 signature is 64 bytes");
        }
        this.signature = signature.clone();
    }

    /**
     * Reads a note signature as a cosignature/v1.
     *
     * @throws TlogFormatException {@code BAD_COSIGNATURE} when its bytes are not 8 + 64,
     *     {@code TIMESTAMP_OUT_OF_RANGE} for a time above 2^63 - 1
     */
    public static Cosignature of(NoteSignature line) {
        byte[] b = line.signature();
        if (b.length != BYTES) {
            throw new TlogFormatException(Reason.BAD_COSIGNATURE, "the signature by " + line.keyName() + " has " + b.length
                    + " bytes after the key ID, a cosignature/v1 has " + BYTES);
        }
        return new Cosignature(line.keyName(), line.keyId(), ByteBuffer.wrap(b).getLong(), Arrays.copyOfRange(b, 8, b.length));
    }

    /** Parses a signature line (without its newline) as a cosignature/v1. */
    public static Cosignature parse(String line) {
        return of(NoteSignature.parse(line));
    }

    public String keyName() {
        return keyName;
    }

    public int keyId() {
        return keyId;
    }

    /** The POSIX time (seconds) the cosigner signed at. */
    public long timestamp() {
        return timestamp;
    }

    /** True when the cosignature is dated more than {@link #MAX_AHEAD} after {@code now}. */
    public boolean isAheadOf(Instant now) {
        return timestamp > now.getEpochSecond() + MAX_AHEAD.toSeconds();
    }

    /** A copy of the 64-byte Ed25519 signature. */
    public byte[] signature() {
        return signature.clone();
    }

    /** As a note signature line's parts. */
    public NoteSignature toNoteSignature() {
        return new NoteSignature(keyName, keyId, ByteBuffer.allocate(BYTES).putLong(timestamp).put(signature).array());
    }

    /** The signature line, without its newline. */
    public String line() {
        return toNoteSignature().line();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cosignature c && c.keyName.equals(keyName) && c.keyId == keyId && c.timestamp == timestamp
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyId, timestamp, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return line();
    }
}
