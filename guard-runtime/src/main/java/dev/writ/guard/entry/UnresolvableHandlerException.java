package dev.writ.guard.entry;

/** The original handler's name does not lead to a handler Lambda could run; the message says why. */
final class UnresolvableHandlerException extends Exception {
    UnresolvableHandlerException(String reason) {
        super(reason, null, false, false);
    }
}
