package dev.writ.guard.hop;

import dev.writ.core.json.Json;
import dev.writ.guard.internal.EventInspector;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionRequest;

/**
 * Step Functions {@code StartExecution} and {@code StartSyncExecution}: the execution input (a JSON
 * object; none is {@code {}}) carries the writ as member {@code _writ}, which replaces a
 * {@code _writ} the input already has (a task passing on the input it was started with). The input
 * with the writ must stay within Step Functions' limit, else the call is not sent.
 */
final class StepFunctionsInputs {

    /** Step Functions' limit of an execution's input: 256 KiB of UTF-8. */
    static final int MAX_INPUT_BYTES = 256 * 1024;
    private static final SizeLimit LIMIT = new SizeLimit("Step Functions'", MAX_INPUT_BYTES, "256 KiB of UTF-8");

    private StepFunctionsInputs() {
    }

    static SdkRequest attach(SdkRequest call, ChildSource children) {
        if (call instanceof StartSyncExecutionRequest sync) {
            String input = carry("states:StartSyncExecution", sync.stateMachineArn(), sync.input(), children);
            return sync.toBuilder().input(input).build();
        }
        StartExecutionRequest request = (StartExecutionRequest) call;
        return request.toBuilder().input(carry("states:StartExecution", request.stateMachineArn(), request.input(), children)).build();
    }

    private static String carry(String action, String stateMachine, String input, ChildSource children) {
        String hop = action + " of " + stateMachine;
        Map<String, Object> object = WritMember.object(input, hop + ": the input");
        object.remove(EventInspector.WRIT_MEMBER);
        // Too large already without the writ: no child is asked for a call that cannot be sent.
        requireWithinLimit(Json.write(object), hop + ": the input");
        String writ = children.child(HopKind.STATES_START, stateMachine, WritMember.digest(object));
        return requireWithinLimit(WritMember.with(object, writ), hop + ": the input with the writ");
    }

    private static String requireWithinLimit(String input, String what) {
        LIMIT.require(SizeLimit.utf8(input), what);
        return input;
    }
}
