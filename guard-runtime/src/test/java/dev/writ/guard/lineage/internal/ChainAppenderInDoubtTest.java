package dev.writ.guard.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.lineage.MemoryChainStore;
import java.lang.ref.Reference;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Writes in doubt are kept per write, for as long as someone could send their drafts again. */
class ChainAppenderInDoubtTest {
    private static final String CHAIN = "orders#0";

    /** Every put fails as a lost response would: it may have landed. */
    private static final class Unanswered extends MemoryChainStore {
        @Override
        public Optional<LineageRecord> putIfAbsent(LineageRecord record) {
            throw SdkClientException.builder().message("Read timed out").build();
        }
    }

    private static LineageRecord.Draft draft(String execId) {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).function("orders").execId(execId).decision("allow").build();
    }

    @Test
    void aDoubtWhoseDraftsNoOneHoldsAnyMoreIsDroppedAndAHeldOneStays() throws InterruptedException {
        ChainAppender appender = new ChainAppender(LineageConfig.builder().table("t").maxAttempts(1).build(),
                new Unanswered(), d -> { });
        LineageRecord.Draft held = draft("held");
        assertThatThrownBy(() -> appender.appendTo(CHAIN, held)).isInstanceOf(LineageUnavailableException.class);
        // A guard's refused verification record: no one keeps the draft to send it again.
        assertThatThrownBy(() -> appender.appendTo(CHAIN, draft("refused"))).isInstanceOf(LineageUnavailableException.class);
        assertThat(appender.inDoubtOn(CHAIN)).isEqualTo(2);

        for (int i = 0; i < 100 && appender.inDoubtOn(CHAIN) > 1; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(appender.inDoubtOn(CHAIN)).as("only the doubt whose draft is still held").isEqualTo(1);
        Reference.reachabilityFence(held);
    }
}
