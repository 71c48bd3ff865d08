package dev.writ.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The Lambda {@link Context} of one invocation, as the runtime passes it to a handler: the function's
 * name and ARN, a request id, and, for a direct invoke with a client context, its custom map. The
 * logger writes to stdout.
 *
 * @param functionName the function's name
 * @param requestId    the invocation's request id
 * @param clientCustom the client context's custom map, or null for no client context
 */
public record TestContext(String functionName, String requestId, Map<String, String> clientCustom) implements Context {

    /** An invocation of {@code functionName} with a fresh request id and no client context. */
    public TestContext(String functionName) {
        this(functionName, UUID.randomUUID().toString(), null);
    }

    /** An invocation of {@code functionName} whose client context carries {@code clientCustom}. */
    public TestContext(String functionName, Map<String, String> clientCustom) {
        this(functionName, UUID.randomUUID().toString(), clientCustom);
    }

    /**
     * This invocation as Lambda reports it when the function was invoked as {@code invokedArn}
     * (another account's or region's function of the same name, or with a version or alias);
     * null: Lambda reports no ARN.
     */
    public Context invokedAs(String invokedArn) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getInvokedFunctionArn")) {
                        return invokedArn;
                    }
                    try {
                        return method.invoke(this, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
    @Override public String getLogStreamName() { return "2026/12/06/[$LATEST]test"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return 512; }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.out.println(message); }
            @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
        };
    }

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
