package dev.writ.cli;

/** Bad input from the user (unreadable file, invalid JSON, missing claim): exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
