package dev.writ.cli.dev;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A handler body for a tour step or a test that runs its own code under a function's guard: what
 * it does with the stack's SDK clients (governed by the guard's interceptor like the samples' calls).
 */
@FunctionalInterface
public interface UserCode {
    void run(LambdaClient lambda, SqsClient sqs);
}
