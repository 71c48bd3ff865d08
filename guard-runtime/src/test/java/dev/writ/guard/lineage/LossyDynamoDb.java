package dev.writ.guard.lineage;

import java.util.function.BooleanSupplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** A DynamoDB client (no SDK retries) whose writes reach DynamoDB, and whose answers are lost while {@code losing} says so. */
final class LossyDynamoDb {
    private LossyDynamoDb() {
    }

    /** {@code losing} is asked on the calling thread, after DynamoDB answered a write. */
    static DynamoDbClient client(BooleanSupplier losing) {
        ExecutionInterceptor losesResponses = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                boolean write = context.request() instanceof PutItemRequest || context.request() instanceof TransactWriteItemsRequest;
                if (write && losing.getAsBoolean()) {
                    throw SdkClientException.builder().message("Read timed out (the response is lost; the request was served)")
                            .cause(new java.net.SocketTimeoutException("Read timed out")).build();
                }
                return context.httpResponse();
            }
        };
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(losesResponses))
                .build();
    }
}
