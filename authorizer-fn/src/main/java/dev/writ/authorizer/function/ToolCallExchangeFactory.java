package dev.writ.authorizer.function;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.exchange.ExchangeConfig;
import dev.writ.authorizer.exchange.ToolCallExchange;
import dev.writ.core.config.Environment;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The tool-call exchange of a {@link ToolCallFunction} container, over the container's one
 * {@link Authorizer} (made from the {@code WRIT_*} variables at init, as for the authorizer functions); its
 * tool functions' ARNs from the exchange's account, region and deployed names ({@link ExchangeConfig}).
 */
@Factory
class ToolCallExchangeFactory {

    @Singleton
    ToolCallExchange exchange(Authorizer authorizer) {
        return ExchangeConfig.toolCallExchange(authorizer, Environment.system());
    }
}
