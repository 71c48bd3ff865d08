package dev.writ.guard.tool;

/** A tool call the guard refused as malformed, with its code and a message safe to show the caller. */
public final class MalformedToolCallException extends RuntimeException {

    private final ToolCallError error;

    public MalformedToolCallException(ToolCallError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** Why it was refused. */
    public ToolCallError error() {
        return error;
    }
}
