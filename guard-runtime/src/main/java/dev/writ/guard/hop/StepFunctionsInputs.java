package dev.writ.guard.hop;

import java.util.Map;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionRequest;

/**
 * Step Functions {@code StartExecution} and {@code StartSyncExecution}: the execution input (a JSON
 * object; none is {@code {}}) carries the writ as member {@code _writ}.
 */
final class StepFunctionsInputs {

    private StepFunctionsInputs() {
    }

    static StartExecutionRequest attach(StartExecutionRequest request, ChildSource children) {
        return request.toBuilder().input(carry(request.stateMachineArn(), request.input(), children)).build();
    }

    static StartSyncExecutionRequest attach(StartSyncExecutionRequest request, ChildSource children) {
        return request.toBuilder().input(carry(request.stateMachineArn(), request.input(), children)).build();
    }

    private static String carry(String stateMachine, String input, ChildSource children) {
        Map<String, Object> object = WritMember.object(input, "states:StartExecution of " + stateMachine + ": the input");
        String writ = children.child(HopKind.STATES_START, stateMachine, WritMember.digest(object));
        return WritMember.with(object, writ);
    }
}
