package dev.writ.authorizer.function;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.exchange.ToolCallExchange;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The tool-call exchange of a {@link ToolCallFunction} container, over the container's one
 * {@link Authorizer} (made from the {@code WRIT_*} variables at init, as for the authorizer functions).
 */
@Factory
class ToolCallExchangeFactory {

    @Singleton
    ToolCallExchange exchange(Authorizer authorizer) {
        return new ToolCallExchange(authorizer);
    }
}
