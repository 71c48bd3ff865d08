package dev.writ.guard.hop;

import dev.writ.guard.writ.Scope;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a call is inside a writ's {@code scp}: its action matches one of {@code actions} and
 * every resource it names matches one of {@code resources}. Patterns are IAM's: {@code *} any run
 * of characters, {@code ?} one; actions compare case-insensitively, resources exactly. A call
 * whose resource cannot be told (or that has none) names the resource {@code *}, which only the
 * pattern {@code *} matches.
 */
final class ScopeCheck {

    private ScopeCheck() {
    }

    /** Why the call is outside {@code scope}, or empty when it is inside. */
    static Optional<String> refusal(Scope scope, String action, List<String> resources) {
        if (!matchesAny(scope.actions(), action, true)) {
            return Optional.of("action " + action + " is not in the writ's scope");
        }
        for (String resource : resources) {
            if (!matchesAny(scope.resources(), resource, false)) {
                return Optional.of("resource " + resource + " of " + action + " is not in the writ's scope");
            }
        }
        return Optional.empty();
    }

    /** The first of {@code resources} outside {@code scope}, or null (the action alone was refused, or none is). */
    static String refusedResource(Scope scope, List<String> resources) {
        for (String resource : resources) {
            if (!matchesAny(scope.resources(), resource, false)) {
                return resource;
            }
        }
        return null;
    }

    private static boolean matchesAny(List<String> patterns, String value, boolean ignoreCase) {
        String subject = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        for (String pattern : patterns) {
            if (matches(ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern, subject)) {
                return true;
            }
        }
        return false;
    }

    /** Glob match with {@code *} and {@code ?}, linear backtracking on the last {@code *}. */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
