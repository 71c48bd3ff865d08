package dev.writ.policy.eval;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Cedar context the writ exchange supplies with a hop: who the calling function acts for and
 * where the call stands in its transaction. The one place that names it, for the exchange and for
 * policy-build's check that each hop's request fits the schema. {@link PolicyBundle#authorize} gives
 * each action only what its schema declares.
 */
public final class HopContext {
    /** The original subject (the parent writ's {@code sub}), a String. */
    public static final String SUBJECT = "subject";
    /**
     * The subject's groups with every ancestor group of the bundle's entities (a Set of String): a
     * policy reads {@code context.roles.contains("clerk")} as a route's reads
     * {@code principal in Group::"clerk"}, approvers and admins included.
     */
    public static final String ROLES = "roles";
    /** The transaction id ({@code txn}), a String. */
    public static final String TXN = "txn";
    /** The child writ's depth: how many functions acted for the subject, the caller included (Long, 1 for the first hop). */
    public static final String DEPTH = "depth";
    /** The parent writ's Cedar action, a String; absent when the parent names none. */
    public static final String PARENT_ACTION = "parentAction";
    /** The decision's time, a Cedar {@code datetime} (UTC, whole seconds, like the child's {@code iat}). */
    public static final String NOW = "now";

    private HopContext() {
    }

    /** The context of one hop; {@code parentAction} may be null. */
    public static Map<String, Object> of(String subject, Set<String> roles, String txn, int depth, String parentAction,
                                         Instant now) {
        Map<String, Object> context = new HashMap<>();
        context.put(SUBJECT, subject);
        context.put(ROLES, roles);
        context.put(TXN, txn);
        context.put(DEPTH, (long) depth);
        if (parentAction != null) {
            context.put(PARENT_ACTION, parentAction);
        }
        context.put(NOW, now);
        return context;
    }
}
