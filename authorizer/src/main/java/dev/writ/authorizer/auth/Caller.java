package dev.writ.authorizer.auth;

import java.util.List;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param subject the token's {@code sub}: the Cedar principal id
 * @param groups  the token's groups (e.g. {@code cognito:groups}): the principal's parents
 * @param mfa     whether {@code amr} shows multi-factor authentication
 * @param scopes  OAuth scopes (the {@code "scope"} claim, space separated, or a {@code "scp"} array)
 */
public record Caller(String subject, Set<String> groups, boolean mfa, List<String> scopes) {
    public Caller {
        groups = Set.copyOf(groups);
        scopes = List.copyOf(scopes);
    }
}
