package dev.writ.guard.hop;

import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionRequest;

/**
 * Step Functions {@code StartExecution} and {@code StartSyncExecution}: the execution input (a JSON
 * object; none is {@code {}}) carries the writ as member {@code _writ}.
 */
final class StepFunctionsInputs {

    private StepFunctionsInputs() {
    }

    static SdkRequest attach(SdkRequest call, ChildSource children) {
        if (call instanceof StartSyncExecutionRequest sync) {
            return sync.toBuilder().input(carry(sync.stateMachineArn(), sync.input(), children)).build();
        }
        StartExecutionRequest request = (StartExecutionRequest) call;
        return request.toBuilder().input(carry(request.stateMachineArn(), request.input(), children)).build();
    }

    private static String carry(String stateMachine, String input, ChildSource children) {
        Map<String, Object> object = WritMember.object(input, "states:StartExecution of " + stateMachine + ": the input");
        String writ = children.child(HopKind.STATES_START, stateMachine, WritMember.digest(object));
        return WritMember.with(object, writ);
    }
}
