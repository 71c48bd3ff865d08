package dev.writ.guard.hop;

import dev.writ.guard.writ.Writ;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A guarded execution while user code runs: the writ(s) it was allowed with, the compact parent
 * writ a hop is exchanged from, and the function, account and partition it runs in. The guard
 * {@linkplain Hops#enter enters} one around user code; {@link WritHopInterceptor} finds it for every
 * SDK call.
 *
 * <p>Which execution an SDK call belongs to: the one bound to the calling thread (the thread that
 * runs user code); else, for a thread user code started or borrowed from a pool, the only one that
 * is running in this JVM (Lambda runs one invocation per execution environment at a time). With
 * several running at once and an unbound thread the call cannot be attributed, so it is refused:
 * {@link #wrap(Runnable)} binds a task to the execution that submits it. Calls the guard itself
 * makes (verification, replay table, lineage) run {@linkplain #asGuard as the guard} and are never
 * governed.
 */
public final class GuardedExecution {

    private static final ThreadLocal<GuardedExecution> BOUND = new ThreadLocal<>();
    /** Bound while the guard itself calls AWS: nothing it does is governed. */
    private static final GuardedExecution GUARD_ITSELF = new GuardedExecution();
    /** Returned when a call cannot be attributed: several executions run and the thread is bound to none. */
    static final GuardedExecution AMBIGUOUS = new GuardedExecution();
    private static final Object LOCK = new Object();
    /** The executions running now; replaced, never mutated, so a read needs no lock. */
    private static volatile List<GuardedExecution> running = List.of();

    private final String parentToken;
    private final List<Writ> writs;
    private final String function;
    private final String partition;
    private final String account;
    private final HopIssuer issuer;
    private final BlockedCalls blocked;
    private final Map<ChildWrits.Key, ChildWrits.Child> children = new ConcurrentHashMap<>();

    private GuardedExecution() {
        this(null, List.of(), null, null, null, null, null);
    }

    GuardedExecution(String parentToken, List<Writ> writs, String function, String partition, String account,
                     HopIssuer issuer, BlockedCalls blocked) {
        this.parentToken = parentToken;
        this.writs = List.copyOf(writs);
        this.function = function;
        this.partition = partition;
        this.account = account;
        this.issuer = issuer;
        this.blocked = blocked;
    }

    /** What an execution records when it stops one of its own calls (the guard's lineage). */
    public interface BlockedCalls {
        /**
         * Appends the refusal of one call.
         *
         * @param writ     the writ of the execution (its {@code jti} is the record's {@code execId})
         * @param action   the call's IAM action ({@code sqs:SendMessage})
         * @param resource the call's resource (an ARN, or {@code *} when it has none or it is unknown)
         * @param reason   the lineage reason ({@code OUT_OF_SCOPE}, {@code HOP_REFUSED exchange=POLICY_DENY}, ...)
         */
        void blocked(Writ writ, String action, String resource, String reason);
    }

    /**
     * Runs {@code work} as the guard: SDK calls it makes on this thread are not governed, whatever
     * execution is running.
     */
    public static <T> T asGuard(Supplier<T> work) {
        GuardedExecution before = BOUND.get();
        BOUND.set(GUARD_ITSELF);
        try {
            return work.get();
        } finally {
            restore(before);
        }
    }

    /** {@code task}, bound to the execution running on the calling thread (if any) when it runs elsewhere. */
    public static Runnable wrap(Runnable task) {
        GuardedExecution owner = BOUND.get();
        if (owner == null || owner == GUARD_ITSELF) {
            return task;
        }
        return () -> {
            GuardedExecution before = BOUND.get();
            BOUND.set(owner);
            try {
                task.run();
            } finally {
                restore(before);
            }
        };
    }

    /**
     * The execution an SDK call made on this thread belongs to: null when none is running (or the
     * guard itself is calling), {@link #AMBIGUOUS} when it cannot be told.
     */
    static GuardedExecution current() {
        GuardedExecution bound = BOUND.get();
        if (bound != null) {
            return bound == GUARD_ITSELF ? null : bound;
        }
        List<GuardedExecution> now = running;
        if (now.isEmpty()) {
            return null;
        }
        return now.size() == 1 ? now.get(0) : AMBIGUOUS;
    }

    /** Binds this execution to the calling thread and counts it as running until the scope closes. */
    Scope start() {
        GuardedExecution before = BOUND.get();
        synchronized (LOCK) {
            running = with(running, this);
        }
        BOUND.set(this);
        return () -> {
            restore(before);
            synchronized (LOCK) {
                running = without(running, this);
            }
        };
    }

    // One execution at a time is the rule in Lambda: that case copies no list.
    private static List<GuardedExecution> with(List<GuardedExecution> running, GuardedExecution execution) {
        if (running.isEmpty()) {
            return List.of(execution);
        }
        List<GuardedExecution> now = new ArrayList<>(running);
        now.add(execution);
        return List.copyOf(now);
    }

    private static List<GuardedExecution> without(List<GuardedExecution> running, GuardedExecution execution) {
        if (running.size() == 1 && running.get(0) == execution) {
            return List.of();
        }
        List<GuardedExecution> now = new ArrayList<>(running);
        now.remove(execution);
        return List.copyOf(now);
    }

    private static void restore(GuardedExecution before) {
        if (before == null) {
            BOUND.remove();
        } else {
            BOUND.set(before);
        }
    }

    /** Ends a {@linkplain #start started} execution. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The writs the execution was allowed with (one, or one per distinct writ of a whole batch). */
    List<Writ> writs() {
        return writs;
    }

    /** The compact writ hops are exchanged from; null when the execution has no single one. */
    String parentToken() {
        return parentToken;
    }

    String function() {
        return function;
    }

    /** The partition of the function's ARN ({@code aws}), or null outside Lambda. */
    String partition() {
        return partition;
    }

    /** The account of the function's ARN, or null outside Lambda. */
    String account() {
        return account;
    }

    HopIssuer issuer() {
        return issuer;
    }

    Map<ChildWrits.Key, ChildWrits.Child> children() {
        return children;
    }

    /** Records a stopped call in lineage, as the guard: a lineage write is never itself governed. */
    void recordBlocked(String action, String resource, String reason) {
        if (blocked == null || writs.isEmpty()) {
            return;
        }
        asGuard(() -> {
            for (Writ writ : writs) {
                blocked.blocked(writ, action, resource, reason);
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "GuardedExecution[" + function + ", " + writs.size() + " writ(s)]";
    }
}
