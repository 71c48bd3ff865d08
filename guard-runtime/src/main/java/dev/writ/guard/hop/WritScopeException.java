package dev.writ.guard.hop;

/**
 * An SDK call of a guarded execution that its writ's scope ({@code scp}) does not allow, refused
 * before the request was marshalled, so nothing left the process. Recorded in lineage as a
 * {@code denial} with reason {@code OUT_OF_SCOPE}. Also thrown for a call that cannot be
 * attributed to one execution (several run at once, the thread is bound to none).
 */
public class WritScopeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;
    private final String resource;

    public WritScopeException(String action, String resource, String message) {
        super(message);
        this.action = action;
        this.resource = resource;
    }

    /** The call's IAM action, e.g. {@code dynamodb:DeleteItem}. */
    public String action() {
        return action;
    }

    /** The resource refused (an ARN, or {@code *}); null when the action itself was. */
    public String resource() {
        return resource;
    }
}
