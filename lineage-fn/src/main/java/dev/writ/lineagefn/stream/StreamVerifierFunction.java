package dev.writ.lineagefn.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Lambda handler {@code dev.writ.lineagefn.stream.StreamVerifierFunction} for the lineage table's
 * DynamoDB stream (StreamViewType NEW_IMAGE or NEW_AND_OLD_IMAGES, FunctionResponseTypes
 * ReportBatchItemFailures). Alarm lines go to standard output, i.e. CloudWatch Logs, where the
 * embedded metric format turns them into the {@code Writ/Lineage ChainBreaks} metric.
 */
public class StreamVerifierFunction extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
    @Inject
    StreamVerifier verifier;

    private final Consumer<String> out;

    /** For Lambda. */
    public StreamVerifierFunction() {
        super();
        this.out = System.out::println;
    }

    /** For tests and embedding: runs in {@code context}, alarm lines to {@code out}. */
    public StreamVerifierFunction(ApplicationContext context, Consumer<String> out) {
        super(context);
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        return verifier.check(event, out).response();
    }
}
