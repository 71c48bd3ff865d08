package dev.writ.guard.hop;

import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.guard.internal.EventInspector;
import dev.writ.guard.writ.BoundInputs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamRequest;

/**
 * Lambda {@code Invoke} and {@code InvokeWithResponseStream}: the child writ goes into the client
 * context's {@code custom.writ}, where the receiving guard looks when the payload carries none
 * (Lambda passes a streamed invocation's client context as a synchronous one's, under the same limit). The writ binds the payload as the
 * receiver reads it ({@link EventInspector#boundPayload}) when the payload is a JSON object.
 * Lambda passes the client context to synchronous invocations only, so an asynchronous one
 * ({@code InvocationType} {@code Event}) carries the writ in the payload instead: the direct-invoke
 * envelope {@code {"writ": ..., "payload": <the JSON object payload>}}, whose {@code payload} the
 * writ binds and the receiving guard hands to the handler.
 */
final class LambdaInvokes {

    private LambdaInvokes() {
    }

    /** {@code call} with a child writ for its function; {@code arns} expand a partial ARN or a qualified name. */
    static SdkRequest attach(SdkRequest call, ChildSource children, CallResources.Arns arns) {
        if (call instanceof InvokeWithResponseStreamRequest stream) {
            return stream.toBuilder().clientContext(clientContextWithChild("lambda:InvokeWithResponseStream",
                    target(stream.functionName(), arns), stream.clientContext(), stream.payload(), children)).build();
        }
        InvokeRequest request = (InvokeRequest) call;
        if (request.invocationType() == InvocationType.EVENT) {
            return inEnvelope(request, target(request.functionName(), arns), children);
        }
        return request.toBuilder().clientContext(clientContextWithChild("lambda:Invoke", target(request.functionName(), arns),
                request.clientContext(), request.payload(), children)).build();
    }

    /**
     * Refuses an invoke whose {@code FunctionName} and {@code Qualifier} name different qualifiers
     * ({@code ledger-post:prod} with {@code live}): Lambda refuses it too
     * ({@code InvalidParameterValueException}), and neither the scope nor the exchange could name
     * one function for it.
     */
    static void requireOneQualifier(SdkRequest call, String operation) {
        String function;
        String qualifier;
        if (call instanceof InvokeWithResponseStreamRequest stream) {
            function = stream.functionName();
            qualifier = stream.qualifier();
        } else {
            function = ((InvokeRequest) call).functionName();
            qualifier = ((InvokeRequest) call).qualifier();
        }
        Optional<LambdaFunctionName> named = LambdaFunctionName.parse(function);
        if (named.isPresent() && named.get().withQualifier(qualifier).isEmpty()) {
            throw new WritHopException(WritHopException.Reason.HOP_NOT_POSSIBLE, null, operation + " to " + function
                    + " with Qualifier " + qualifier + ": the name and the parameter name different qualifiers,"
                    + " which Lambda refuses (InvalidParameterValueException)");
        }
    }

    /**
     * The function as a hop's target: an ARN as given, a name or partial ARN
     * ({@code <account>:function:<name>}), qualified or not, as the ARN Lambda resolves it to (the
     * call's region, the execution's account: the exchange binds the child to that function's ARN,
     * and could only guess the region of a bare name), and unchanged when either is unknown (the
     * exchange reads every form of {@link LambdaFunctionName}).
     */
    private static String target(String function, CallResources.Arns arns) {
        if (function == null || function.startsWith("arn:")) {
            return function;
        }
        String arn = CallResources.functionArn(function, null, arns);
        return arn == null ? function : arn;
    }

    /** {@code clientContext} with the child writ for {@code payload} in {@code custom.writ}, within Lambda's limit. */
    private static String clientContextWithChild(String operation, String function, String clientContext, SdkBytes payload,
                                                 ChildSource children) {
        String writ = children.child(HopKind.LAMBDA_INVOKE, function, payloadDigest(payload), false);
        String withWrit = LambdaClientContext.withWrit(clientContext, writ);
        if (withWrit.length() > LambdaClientContext.MAX_LENGTH) {
            throw new WritHopException(WritHopException.Reason.HOP_TOO_LARGE, null, operation + " to " + function
                    + ": the client context with the writ is " + withWrit.length() + " bytes of base64, over Lambda's "
                    + LambdaClientContext.MAX_LENGTH);
        }
        return withWrit;
    }

    /** {@code request} with its JSON object payload wrapped in the envelope with the child writ. */
    private static SdkRequest inEnvelope(InvokeRequest request, String function, ChildSource children) {
        Map<String, Object> payload = jsonObject(request.payload());
        if (payload == null) {
            throw new WritHopException(WritHopException.Reason.HOP_NOT_POSSIBLE, null, "lambda:Invoke to "
                    + function + ": Lambda drops the client context of an asynchronous (Event) invocation,"
                    + " and its payload is not a JSON object the writ could be wrapped around");
        }
        String digest;
        try {
            digest = BoundInputs.digest(BoundInputs.canonicalJson(payload));
        } catch (JsonException e) {
            throw WritMember.notBoundExactly("lambda:Invoke to " + function + ": the payload", e);
        }
        String writ = children.child(HopKind.LAMBDA_INVOKE, function, digest, true);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put(EventInspector.WRIT, writ);
        envelope.put(BoundInputs.PAYLOAD, payload);
        return request.toBuilder().payload(SdkBytes.fromUtf8String(Json.write(envelope))).build();
    }

    /** The digest of what the receiver binds as {@code payload}; null when the payload is not a JSON object. */
    static String payloadDigest(SdkBytes payload) {
        Map<String, Object> event = jsonObject(payload);
        if (event == null) {
            return null;
        }
        try {
            return EventInspector.boundPayload(event).map(BoundInputs::digest).orElse(null);
        } catch (JsonException e) {
            throw WritMember.notBoundExactly("the payload", e);
        }
    }

    /** {@code payload} as a JSON object; null when there is none or it is not one. */
    private static Map<String, Object> jsonObject(SdkBytes payload) {
        if (payload == null) {
            return null;
        }
        try {
            return Json.parseObject(payload.asByteArrayUnsafe());
        } catch (RuntimeException notAJsonObject) {
            return null;
        }
    }
}
