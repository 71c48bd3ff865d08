package dev.writ.guard.lineage;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stored or exported data is not a well-formed lineage record; the message says which part. When
 * the data still names its {@code chain} and {@code seq} (a well-formed pair in a JSON object or
 * an item), they are carried along so the fault is charged to that place, not guessed.
 */
public final class MalformedRecordException extends RuntimeException {
    private final String chain;
    private final long seq;

    public MalformedRecordException(String message) {
        this(message, null, -1);
    }

    private MalformedRecordException(String message, String chain, long seq) {
        super(message);
        this.chain = chain;
        this.seq = seq;
    }

    /** The same problem, placed at {@code chain} and {@code seq}. */
    public MalformedRecordException at(String chain, long seq) {
        return new MalformedRecordException(getMessage(), chain, seq);
    }

    /** The chain the malformed data names, when it names one readably. */
    public Optional<String> chain() {
        return Optional.ofNullable(chain);
    }

    /** The seq the malformed data names, present exactly when {@link #chain()} is. */
    public OptionalLong seq() {
        return chain == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }
}
