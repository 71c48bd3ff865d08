package dev.writ.audit.merkle;

/** A proof or frontier in JSON that is not exactly the documented shape; the message names the fault. */
public final class MalformedProofException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedProofException(String message) {
        super(message);
    }
}
