package dev.writ.authorizer.function;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.AuthorizerConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/**
 * The one {@link Authorizer} of a Lambda container, made from {@code WRIT_*} variables when the
 * Micronaut context starts (so the bundle is loaded and checked during init, not on the first
 * request, and a SnapStart snapshot holds it).
 */
@Factory
class AuthorizerFactory {

    @Context
    Authorizer authorizer() {
        return AuthorizerConfig.fromEnvironment();
    }
}
