package dev.writ.policy.bundle;

import java.util.Optional;

/**
 * One thing wrong with a bundle: the file (path inside the bundle), the policy id when one policy
 * is at fault, and what is wrong.
 */
public record BundleProblem(String file, Optional<String> policyId, String message) {

    public BundleProblem {
        java.util.Objects.requireNonNull(file, "file");
        java.util.Objects.requireNonNull(policyId, "policyId");
        java.util.Objects.requireNonNull(message, "message");
    }

    /** A problem with a whole file. */
    public static BundleProblem inFile(String file, String message) {
        return new BundleProblem(file, Optional.empty(), message);
    }

    /** A problem with one policy of a file. */
    public static BundleProblem inPolicy(String file, String policyId, String message) {
        return new BundleProblem(file, Optional.of(policyId), message);
    }

    /** {@code file: policy "id": message}, the form build failures print. */
    @Override
    public String toString() {
        return file + policyId.map(id -> ": policy \"" + id + "\"").orElse("") + ": " + message;
    }
}
