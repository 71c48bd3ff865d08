package dev.writ.guard.hop;

import dev.writ.guard.writ.Scope;
import dev.writ.guard.writ.Writ;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Governs every SDK v2 call a guarded execution makes, with no change to handler code: registered
 * for every client through the SDK's global interceptors file
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}). Outside a guarded
 * execution it does nothing (a thread-local and a volatile read).
 *
 * <p>In a guarded execution, before the request is marshalled (after refusing a Lambda invoke that
 * names two different qualifiers, which Lambda would refuse and no scope or exchange could name):
 * <ol>
 *   <li>containment: the call's IAM action ({@code <service>:<Operation>}) and resources must be in
 *       the scope ({@code scp}) of the execution's writ, when it has one; else
 *       {@link WritScopeException} and a lineage {@code denial} {@code OUT_OF_SCOPE};</li>
 *   <li>propagation: an {@code Invoke} or {@code InvokeWithResponseStream}, {@code SendMessage(Batch)}, {@code Publish(Batch)},
 *       {@code PutEvents}, {@code StartExecution} or {@code StartSyncExecution} gets a child writ per message from the writ
 *       exchange, attached where the receiving guard reads it; a hop that gets none is not sent
 *       ({@link WritHopException}, and a lineage {@code denial} with its reason).</li>
 * </ol>
 * The execution is captured in {@code beforeExecution}, which the SDK runs on the calling thread
 * even for asynchronous clients; later hooks may run on the SDK's threads and read it from the
 * execution attributes. Each service's model classes are touched only when a request of that
 * service arrives, so the SQS, SNS, EventBridge, Step Functions and Lambda clients stay optional.
 */
public final class WritHopInterceptor implements ExecutionInterceptor {

    static final ExecutionAttribute<GuardedExecution> EXECUTION = new ExecutionAttribute<>("WritGuardedExecution");

    /** Endpoint prefixes whose IAM service prefix differs. */
    private static final Map<String, String> IAM_PREFIX = Map.of("monitoring", "cloudwatch", "email", "ses",
            "runtime.sagemaker", "sagemaker");
    /**
     * Operations whose IAM action has another name: a scope is written in IAM's actions (the
     * bundle's {@code lambda:InvokeFunction}, as the function's role policy writes it), so the call
     * is compared as IAM authorizes it.
     */
    private static final Map<String, String> IAM_ACTION = Map.of(
            "lambda:Invoke", "lambda:InvokeFunction",
            "lambda:InvokeWithResponseStream", "lambda:InvokeFunction",
            "sqs:SendMessageBatch", "sqs:SendMessage",
            "sqs:DeleteMessageBatch", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility",
            "sns:PublishBatch", "sns:Publish",
            "s3:ListObjectsV2", "s3:ListBucket",
            "s3:HeadBucket", "s3:ListBucket",
            "s3:HeadObject", "s3:GetObject");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        GuardedExecution execution = GuardedExecution.current();
        if (execution != null) {
            attributes.putAttribute(EXECUTION, execution);
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        GuardedExecution execution = attributes.getAttribute(EXECUTION);
        if (execution == null) {
            return context.request();
        }
        String action = action(attributes);
        if (execution == GuardedExecution.AMBIGUOUS) {
            throw new WritScopeException(action, null, action + " was refused: several guarded executions run"
                    + " and this thread belongs to none of them (bind it with GuardedExecution.wrap)");
        }
        SdkRequest request = context.request();
        try {
            if (action.equals("lambda:Invoke") || action.equals("lambda:InvokeWithResponseStream")) {
                LambdaInvokes.requireOneQualifier(request, action);
            }
            contain(execution, request, action, attributes);
            return execution.issuer() == null ? request : propagate(execution, request, action, attributes);
        } catch (WritHopException e) {
            execution.recordBlocked(action, String.join(" ", resources(request, action, execution, attributes)),
                    e.lineageReason());
            throw e;
        }
    }

    /** Refuses the call when a writ of the execution has a scope the call is outside of. */
    private static void contain(GuardedExecution execution, SdkRequest request, String operation, ExecutionAttributes attributes) {
        String action = iamAction(operation);
        List<String> resources = null;
        for (Writ writ : execution.writs()) {
            Optional<Scope> scope = writ.scope();
            if (scope.isEmpty()) {
                continue;
            }
            if (resources == null) {
                resources = resources(request, action, execution, attributes);
            }
            Optional<String> refusal = ScopeCheck.refusal(scope.get(), action, resources);
            if (refusal.isPresent()) {
                String resource = ScopeCheck.refusedResource(scope.get(), resources);
                execution.recordBlocked(action, resource != null ? resource : String.join(" ", resources), "OUT_OF_SCOPE");
                throw new WritScopeException(action, resource, action + " was refused before it was sent: "
                        + refusal.get() + " (writ " + writ.id() + ")");
            }
        }
    }

    private static SdkRequest propagate(GuardedExecution execution, SdkRequest request, String action,
                                        ExecutionAttributes attributes) {
        ChildSource children = (kind, target, digest, inEnvelope) ->
                ChildWrits.childFor(execution, new ChildWrits.Key(kind, target, digest, inEnvelope));
        // Each service's model classes are named only inside its own carrier class, which is loaded
        // when a request of that service arrives: a function without the SNS module never loads SnsMessages.
        CallResources.Arns arns = CallResources.Arns.of(execution.partition(), region(attributes), execution.account());
        return switch (action) {
            case "lambda:Invoke", "lambda:InvokeWithResponseStream" -> LambdaInvokes.attach(request, children, arns);
            case "sqs:SendMessage", "sqs:SendMessageBatch" -> SqsMessages.attach(request, children, arns);
            case "sns:Publish", "sns:PublishBatch" -> SnsMessages.attach(request, children);
            case "events:PutEvents" -> EventBridgeEvents.attach(request, children);
            case "states:StartExecution", "states:StartSyncExecution" -> StepFunctionsInputs.attach(request, children);
            default -> request;
        };
    }

    private static List<String> resources(SdkRequest request, String action, GuardedExecution execution,
                                          ExecutionAttributes attributes) {
        return CallResources.of(request, action.substring(0, action.indexOf(':')), region(attributes),
                execution.partition(), execution.account());
    }

    /** The call's region, or null. */
    private static String region(ExecutionAttributes attributes) {
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        return region == null ? null : region.id();
    }

    /** The IAM action that authorizes {@code operation} ({@code <IAM service prefix>:<operation>}). */
    static String iamAction(String operation) {
        return IAM_ACTION.getOrDefault(operation, operation);
    }

    /** {@code <IAM service prefix>:<operation>}, e.g. {@code sqs:SendMessage}. */
    static String action(ExecutionAttributes attributes) {
        String prefix = attributes.getAttribute(AwsExecutionAttribute.ENDPOINT_PREFIX);
        if (prefix == null) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            prefix = service == null ? "unknown" : service.toLowerCase(java.util.Locale.ROOT);
        }
        return IAM_PREFIX.getOrDefault(prefix, prefix) + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }
}
