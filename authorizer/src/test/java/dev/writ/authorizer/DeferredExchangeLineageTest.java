package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;
import static dev.writ.authorizer.ExchangeWorld.body;
import static dev.writ.authorizer.ExchangeWorld.callerArn;
import static dev.writ.authorizer.ExchangeWorld.parent;
import static dev.writ.authorizer.ExchangeWorld.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.lineage.internal.Field;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exchange's records are deferred as the authorizer's decisions are
 * (docs/architecture.md#lineage-after-the-response): a hop is answered without waiting for its
 * record, and a record that cannot be written refuses every later hop until it is.
 */
class DeferredExchangeLineageTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    private static final String WRITE = callerArn(WRITE_ROLE, "payments-write");

    private final List<LineageRecord.Draft> stored = new ArrayList<>();
    private boolean down;

    private WritExchange exchange() {
        return ExchangeWorld.exchange(CLOCK, new ByteArrayOutputStream()).lineage(draft -> {
            if (down) {
                throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.UNREACHABLE, "writ-exchange#0",
                        "connection refused", null);
            }
            stored.add(draft);
            return null;
        }).build();
    }

    private static String hop() {
        return body(sign(parent("payments-write", "carl", List.of("clerk"))), "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null);
    }

    @Test
    void anExchangeRecordThatCannotBeWrittenIsKeptAndRefusesEveryHopUntilItIsWritten() {
        WritExchange exchange = exchange();
        down = true;

        ExchangeResult answered = exchange.exchange(hop(), WRITE);
        assertThat(answered.isAllowed()).as("the answer does not wait for its record: " + answered).isTrue();
        assertThat(answered.token()).isPresent();

        ExchangeResult refused = exchange.exchange(hop(), WRITE);
        assertThat(refused.reason()).isEqualTo("LINEAGE_UNAVAILABLE");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.token()).isEmpty();
        assertThat(refused.message()).startsWith("earlier exchange records not written");
        assertThat(stored).isEmpty();

        down = false;
        ExchangeResult after = exchange.exchange(hop(), WRITE);
        assertThat(after.isAllowed()).as(after.toString()).isTrue();
        assertThat(stored).extracting(d -> d.text().get(Field.DECISION) + " " + d.text().get(Field.REASON).split(" ")[0]
                        + " " + (d.text().get(Field.EXEC_ID) != null))
                .as("every hop, in order, once; the allows name their child")
                .containsExactly("allow ALLOWED true", "deny LINEAGE_UNAVAILABLE false", "allow ALLOWED true");
        assertThat(stored.get(0).text().get(Field.EXEC_ID)).isEqualTo(answered.child().orElseThrow().id());
    }
}
