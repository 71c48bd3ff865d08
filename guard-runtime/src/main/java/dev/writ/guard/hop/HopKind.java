package dev.writ.guard.hop;

/**
 * The outgoing calls that carry a child writ, named as the exchange's {@code kind}
 * ({@code <service>:<operation>}; the bundle's manifest names hops so, while a runtime scope names
 * IAM actions: Lambda {@code Invoke} is the hop kind {@code lambda:Invoke} and the IAM action
 * {@code lambda:InvokeFunction}). A batch call ({@code SendMessageBatch}, {@code PublishBatch}) asks for its entries
 * under the single-message kind: the exchange decides per target, not per API.
 */
public enum HopKind {
    /**
     * Lambda {@code Invoke}: the writ travels in the client context's {@code custom.writ}, or, for an
     * asynchronous ({@code Event}) invoke, in the direct-invoke envelope around the payload.
     */
    LAMBDA_INVOKE("lambda:Invoke"),
    /** SQS {@code SendMessage} and {@code SendMessageBatch}: message attribute {@code writ} per message. */
    SQS_SEND("sqs:SendMessage"),
    /** SNS {@code Publish} and {@code PublishBatch}: message attribute {@code writ} per message. */
    SNS_PUBLISH("sns:Publish"),
    /** EventBridge {@code PutEvents}: member {@code _writ} of each entry's {@code Detail}. */
    EVENTS_PUT("events:PutEvents"),
    /**
     * Step Functions {@code StartExecution} and {@code StartSyncExecution}: member {@code _writ} of
     * the execution input.
     */
    STATES_START("states:StartExecution");

    private final String wire;

    HopKind(String wire) {
        this.wire = wire;
    }

    /** The name on the wire, e.g. {@code sqs:SendMessage}. */
    public String wire() {
        return wire;
    }
}
