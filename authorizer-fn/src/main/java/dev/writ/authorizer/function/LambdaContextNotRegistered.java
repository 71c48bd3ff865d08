package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Keeps Micronaut from registering each invocation's Lambda {@link Context} (and its logger,
 * client context and identity) as singleton beans, which its request handler otherwise does on
 * every invocation. No bean of these functions injects them: the handlers get the event, and
 * {@link LineageAfterResponse} the context from Micronaut's event. The registrations were the
 * largest Java share of a warm authorizer request under Lambda's C1-only flags; without them the
 * packaged authorizer spent 1.0–3.0 ms less per warm request in its handler under the runtime
 * emulator (lambda-runtime-tests/RESULTS.md, "The authorizer's share of the pair").
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
class LambdaContextNotRegistered implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // Nothing to register: see the class comment.
    }
}
