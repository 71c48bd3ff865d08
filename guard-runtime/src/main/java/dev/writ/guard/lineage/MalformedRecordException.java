package dev.writ.guard.lineage;

/** Stored or exported data is not a well-formed lineage record; the message says which part. */
public final class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message) {
        super(message);
    }
}
