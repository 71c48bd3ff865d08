package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.guard.writ.Writ;

/**
 * Base class for a guarded SQS consumer that verifies every record on its own and answers with a
 * partial batch response ({@link Guard#handleBatch}): configure the event source mapping with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}, extend this class and implement
 * {@link #handleRecord}.
 */
public abstract class GuardedSqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final Guard guard;

    /** Builds the guard from the {@code WRIT_*} environment. */
    protected GuardedSqsHandler() {
        this(Guard.fromEnvironment());
    }

    /** Uses an explicitly configured guard. */
    protected GuardedSqsHandler(Guard guard) {
        this.guard = guard;
    }

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return guard.handleBatch(event, context, this::handleRecord);
    }

    /** Your code for one record whose writ verified; throwing reports the record as failed. */
    protected abstract void handleRecord(SQSEvent.SQSMessage record, Context context, Writ writ) throws Exception;
}
