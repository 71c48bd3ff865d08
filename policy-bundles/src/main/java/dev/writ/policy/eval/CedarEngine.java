package dev.writ.policy.eval;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.BasicAuthorizationEngine;
import java.util.Optional;

/**
 * cedar-java's engine, whose class loads Cedar's native library. On a platform that library is
 * not packaged for (a Lambda jar built for the other architecture) the load is a
 * {@link LinkageError}; held here, it becomes a problem to report: a bundle cannot be compiled,
 * and the authorizer denies every request naming the cause instead of failing to start (API
 * Gateway would answer 500).
 */
final class CedarEngine {
    private static final AuthorizationEngine ENGINE;
    private static final String PROBLEM;

    static {
        AuthorizationEngine engine = null;
        String problem = null;
        try {
            engine = new BasicAuthorizationEngine();
        } catch (LinkageError e) {
            problem = "Cedar's native library does not load on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (a package built for another architecture?): " + e;
        }
        ENGINE = engine;
        PROBLEM = problem;
    }

    private CedarEngine() {
    }

    /** Why Cedar cannot run here, if it cannot. */
    static Optional<String> problem() {
        return Optional.ofNullable(PROBLEM);
    }

    /** The engine; only called once a bundle compiled, which {@link #problem()} prevents otherwise. */
    static AuthorizationEngine get() {
        if (ENGINE == null) {
            throw new IllegalStateException(PROBLEM);
        }
        return ENGINE;
    }
}
