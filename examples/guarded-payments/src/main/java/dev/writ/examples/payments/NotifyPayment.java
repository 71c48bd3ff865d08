package dev.writ.examples.payments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardedSqsHandler;
import dev.writ.guard.writ.Writ;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code payments-notify}: consumes the {@code payment-events} queue that {@code payments-write}
 * sends to. Lambda handler: {@code dev.writ.examples.payments.NotifyPayment}, event source
 * mapping with {@code ReportBatchItemFailures}. The guard verifies each record's writ (the child
 * the writ exchange minted for the send, bound to the body); a record without a valid one is
 * reported failed and never reaches {@link #handleRecord}, the others run.
 */
public class NotifyPayment extends GuardedSqsHandler {

    private final PrintStream out;

    /** Lambda's constructor: the guard from the environment, notifications to stdout. */
    public NotifyPayment() {
        super();
        this.out = System.out;
    }

    /** With an explicitly configured guard and output (tests). */
    public NotifyPayment(Guard guard, PrintStream out) {
        super(guard);
        this.out = out;
    }

    /** One notification line per event, for the writ's subject; an event without a paymentId fails its record. */
    @Override
    protected void handleRecord(SQSEvent.SQSMessage record, Context context, Writ writ) {
        Object paymentId = Json.parseObject(record.getBody()).get("paymentId");
        if (!(paymentId instanceof String)) {
            throw new IllegalArgumentException("a payment event names its paymentId");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("notified", paymentId);
        line.put("principal", writ.subject());
        line.put("execId", writ.id());
        writ.transaction().ifPresent(txn -> line.put("txn", txn));
        writ.parent().ifPresent(par -> line.put("par", par));
        out.println(Json.write(line));
    }
}
