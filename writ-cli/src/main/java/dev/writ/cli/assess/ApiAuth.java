package dev.writ.cli.assess;

/**
 * How an API route is authorized: a Lambda {@link Authorizer}, or a description of what else guards
 * it (no authorizer, IAM, Cognito, JWT, not determinable).
 */
record ApiAuth(Authorizer authorizer, String description) {

    static ApiAuth lambda(Authorizer a) {
        return new ApiAuth(a, a.writ() ? "Writ's authorizer " + a.name() : "Lambda authorizer " + a.name() + " (not Writ's)");
    }

    static ApiAuth other(String description) {
        return new ApiAuth(null, description);
    }

    Carriage carriage() {
        return authorizer != null && authorizer.writ() ? Carriage.YES : Carriage.NO;
    }
}
