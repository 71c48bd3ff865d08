package dev.writ.authorizer.function;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.AuthorizerConfig;
import dev.writ.core.config.Environment;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The one {@link Authorizer} of a Lambda container, made from {@code WRIT_*} variables when the
 * handler is constructed and injected, during init (so the bundle is loaded and checked then, not
 * on the first request, and a SnapStart snapshot holds it), with the {@link AuthorizerPriming}
 * registered for the snapshot. A singleton, not eager: the exchange function of the same jar never
 * makes one.
 */
@Factory
class AuthorizerFactory {

    @Singleton
    Authorizer authorizer() {
        AuthorizerPriming.register(Environment.system());
        return AuthorizerConfig.fromEnvironment();
    }
}
