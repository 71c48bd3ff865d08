package dev.writ.lineagefn.query;

/** DynamoDB refused the start position of a page: it is not a key of this query's results. */
public final class InvalidPositionException extends RuntimeException {
    InvalidPositionException(String message) {
        super(message, null, false, false);
    }
}
