package dev.writ.authorizer.function;

import dev.writ.guard.lineage.LineageBacklog;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.function.aws.event.AfterExecutionEvent;
import jakarta.inject.Singleton;

/**
 * Tells the lineage extension that an invocation has its answer, once the handler returned it (or
 * threw), so the authorizer's decision record is written after the answer and before Lambda may
 * freeze the environment. The engine does not see the Lambda request id; Micronaut's event does.
 */
@Singleton
class LineageAfterResponse implements ApplicationEventListener<AfterExecutionEvent> {

    @Override
    public void onApplicationEvent(AfterExecutionEvent event) {
        if (event.getContext() != null) {
            LineageBacklog.responded(event.getContext().getAwsRequestId());
        }
    }
}
