package dev.writ.authorizer.function;

import dev.writ.authorizer.exchange.ExchangeConfig;
import dev.writ.authorizer.exchange.WritExchange;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The one {@link WritExchange} of an exchange function's container, made from the environment when
 * {@link ExchangeFunction} is constructed, during init (a SnapStart snapshot holds it). A
 * singleton, not eager: the authorizer functions of the same jar never make one.
 */
@Factory
class ExchangeFactory {

    @Singleton
    WritExchange exchange() {
        return ExchangeConfig.fromEnvironment();
    }
}
