package dev.writ.cli.dev;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.Map;
import java.util.UUID;

/** The Lambda context of one local invocation of {@code function}, with the {@code custom} client context its caller sent, if any. */
record LocalContext(String function, String requestId, Map<String, String> custom) implements Context {
    LocalContext(String function) {
        this(function, UUID.randomUUID().toString(), null);
    }

    /** An invocation whose caller sent the client context {@code custom} (Lambda's {@code custom} object). */
    static LocalContext invokedWith(String function, Map<String, String> custom) {
        return new LocalContext(function, UUID.randomUUID().toString(), Map.copyOf(custom));
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + function; }
    @Override public String getLogStreamName() { return "writ-dev"; }
    @Override public String getFunctionName() { return function; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:" + EmbeddedExchange.REGION + ":" + EmbeddedExchange.ACCOUNT + ":function:" + function; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return 512; }
    @Override public LambdaLogger getLogger() { return null; }

    @Override
    public ClientContext getClientContext() {
        if (custom == null) {
            return null;
        }
        return new ClientContext() {
            @Override public Client getClient() { return null; }
            @Override public Map<String, String> getCustom() { return custom; }
            @Override public Map<String, String> getEnvironment() { return Map.of(); }
        };
    }
}
