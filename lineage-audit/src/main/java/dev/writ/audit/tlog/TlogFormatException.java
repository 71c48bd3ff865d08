package dev.writ.audit.tlog;

import java.util.Objects;

/**
 * A signed note, signature line, verifier key, checkpoint, cosignature or witness request that is
 * not exactly the C2SP format: {@link #reason()} says which rule it broke, the message where.
 */
public final class TlogFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The rule broken. */
    public enum Reason {
        /** Longer than the limit of its kind. */
        TOO_LARGE,
        /** Not valid UTF-8. */
        NOT_UTF8,
        /** An ASCII control character other than newline (c2sp.org/signed-note). */
        CONTROL_CHARACTER,
        /** The text does not end with a newline. */
        NO_FINAL_NEWLINE,
        /** No blank line followed by signature lines. */
        NO_SIGNATURES,
        /** More signature lines than {@link SignedNote#MAX_SIGNATURES}. */
        TOO_MANY_SIGNATURES,
        /** A signature line that is not {@code — <key name> <base64>}. */
        BAD_SIGNATURE_LINE,
        /** A key name that is empty or holds a Unicode space or {@code +}. */
        BAD_KEY_NAME,
        /** Not the canonical standard base64 (RFC 4648 §4, padded) of anything. */
        BAD_BASE64,
        /** A signature of fewer than 5 bytes (4-byte key ID and at least one byte). */
        SIGNATURE_TOO_SHORT,
        /** A verifier key that is not {@code <name>+<8 lower-case hex>+<base64(type || key)>}. */
        BAD_VERIFIER_KEY,
        /** A verifier key of another signature type or key length than the one expected. */
        WRONG_KEY_TYPE,
        /** A verifier key whose key ID is not the one its name, type and key give. */
        KEY_ID_MISMATCH,
        /** A cosignature/v1 signature that is not 8 + 64 bytes. */
        BAD_COSIGNATURE,
        /** A cosignature timestamp above 2^63 - 1 (c2sp.org/tlog-cosignature). */
        TIMESTAMP_OUT_OF_RANGE,
        /** A checkpoint text with fewer than three lines. */
        TOO_FEW_LINES,
        /** An empty line where c2sp.org/tlog-checkpoint allows none. */
        EMPTY_LINE,
        /** A tree size that is not ASCII decimal without leading zeros, or beyond 2^63 - 1. */
        BAD_TREE_SIZE,
        /** A root hash that is not the canonical base64 of 32 bytes. */
        BAD_ROOT_HASH,
        /** A witness request whose first line is not {@code old <size>}. */
        BAD_OLD_SIZE,
        /** A witness request proof line that is not the canonical base64 of a 32-byte hash. */
        BAD_PROOF_LINE,
        /** More than 63 proof lines (c2sp.org/tlog-witness). */
        TOO_MANY_PROOF_LINES,
        /** A witness request without the blank line and checkpoint after the proof lines. */
        NO_CHECKPOINT
    }

    private final Reason reason;

    public TlogFormatException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
