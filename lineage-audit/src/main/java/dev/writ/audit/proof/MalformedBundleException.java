package dev.writ.audit.proof;

/** A proof bundle or trust file that is not in its format; the message names the fault. */
public final class MalformedBundleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedBundleException(String message) {
        super(message);
    }
}
