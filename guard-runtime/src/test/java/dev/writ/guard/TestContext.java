package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.Map;

/** A Lambda {@link Context} with a function name, request id and optional client context. */
public final class TestContext implements Context {
    private final String functionName;
    private final Map<String, String> clientCustom;

    public TestContext(String functionName) {
        this(functionName, null);
    }

    public TestContext(String functionName, Map<String, String> clientCustom) {
        this.functionName = functionName;
        this.clientCustom = clientCustom;
    }

    @Override public String getAwsRequestId() { return "lambda-req-1"; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
    @Override public String getLogStreamName() { return "stream"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return 512; }
    @Override public LambdaLogger getLogger() { return null; }

    @Override
    public ClientContext getClientContext() {
        if (clientCustom == null) {
            return null;
        }
        return new ClientContext() {
            @Override public com.amazonaws.services.lambda.runtime.Client getClient() { return null; }
            @Override public Map<String, String> getCustom() { return clientCustom; }
            @Override public Map<String, String> getEnvironment() { return Map.of(); }
        };
    }
}
