package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.ChainStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

class LineageWriterTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final LineageConfig config = LineageConfig.builder().shard(2).shards(4).maxAttempts(3).maxConflicts(5).build();

    private LineageWriter writer(ChainStore store) {
        return new LineageWriter(config, store, pauses::add);
    }

    private static LineageRecord.Draft draft() {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).function("orders").execId("e1").build();
    }

    @Test
    void appendsGenesisThenLinksEachRecordToItsPredecessor() {
        MemoryChainStore store = new MemoryChainStore();
        LineageWriter w = writer(store);

        LineageRecord first = w.append(draft());
        LineageRecord second = w.append(draft());

        assertThat(first.chain()).isEqualTo("orders#2");
        assertThat(first.seq()).isZero();
        assertThat(first.prev()).isEqualTo("0".repeat(64));
        assertThat(second.seq()).isEqualTo(1);
        assertThat(second.prev()).isEqualTo(first.hash());
        assertThat(second.hashIsValid()).isTrue();
        assertThat(store.list("orders#2")).containsExactly(first, second);
    }

    @Test
    void nextAppendStartsFromItsOwnLastRecordWithoutAHeadRead() {
        MemoryChainStore store = new MemoryChainStore();
        LineageWriter w = writer(store);

        w.append(draft());
        w.append(draft());
        LineageRecord third = w.append(draft());

        assertThat(store.heads).isEqualTo(1);
        assertThat(store.puts).isEqualTo(3);
        assertThat(third.seq()).isEqualTo(2);
    }

    @Test
    void staleOwnHeadCostsOneFailedPutThenTheHeadIsRead() {
        MemoryChainStore store = new MemoryChainStore();
        LineageWriter w = writer(store);
        LineageRecord mine = w.append(draft());
        LineageRecord other1 = LineageRecord.seal("orders#2", 1, mine.hash(),
                LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId("x1").build());
        LineageRecord other2 = LineageRecord.seal("orders#2", 2, other1.hash(),
                LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId("x2").build());
        store.force(other1);
        store.force(other2);

        LineageRecord appended = w.append(draft());

        assertThat(appended.seq()).isEqualTo(3);
        assertThat(appended.prev()).isEqualTo(other2.hash());
        assertThat(store.heads).isEqualTo(2);
        assertThat(store.puts).isEqualTo(3);
        // One unbroken chain: seq 0..3, each hash valid and each prev the hash before it.
        List<LineageRecord> chain = new ArrayList<>();
        store.records("orders#2").forEachRemaining(chain::add);
        assertThat(chain).extracting(LineageRecord::seq).containsExactly(0L, 1L, 2L, 3L);
        for (int i = 0; i < chain.size(); i++) {
            assertThat(chain.get(i).hashIsValid()).isTrue();
            assertThat(chain.get(i).prev()).isEqualTo(i == 0 ? "0".repeat(64) : chain.get(i - 1).hash());
        }
    }

    @Test
    void onLostRaceRelinksOntoTheReturnedWinnerWithoutReReading() {
        MemoryChainStore store = new MemoryChainStore();
        LineageWriter w = writer(store);
        LineageRecord mine = w.append(draft());
        // Another writer appends seq 1 between our head read and our put.
        ChainStore racing = DelegatingChainStore.racingAfterFirstHeadRead(store, chain -> store.force(LineageRecord.seal(
                chain, 1, mine.hash(), LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId("other").build())));
        int headsBefore = store.heads;

        LineageRecord appended = writer(racing).append(draft());

        LineageRecord winner = store.list("orders#2").get(1);
        assertThat(appended.seq()).isEqualTo(2);
        assertThat(appended.prev()).isEqualTo(winner.hash());
        assertThat(store.heads - headsBefore).as("head reads").isEqualTo(1);
        assertThat(pauses).hasSize(1);
    }

    @Test
    void putThatLandedBeforeItsResponseWasLostIsNotAppendedTwice() {
        MemoryChainStore store = new MemoryChainStore();
        ChainStore lossy = new DelegatingChainStore(store) {
            boolean lost;

            @Override
            public Optional<LineageRecord> putIfAbsent(LineageRecord record) {
                Optional<LineageRecord> r = super.putIfAbsent(record);
                if (!lost) {
                    lost = true;
                    throw software.amazon.awssdk.core.exception.SdkClientException.builder()
                            .message("Read timed out").cause(new java.net.SocketTimeoutException("Read timed out")).build();
                }
                return r;
            }
        };

        LineageRecord r = writer(lossy).append(draft());

        assertThat(store.list("orders#2")).containsExactly(r);
    }

    @Test
    void givesUpWithContentionAfterTheConflictBound() {
        MemoryChainStore store = new MemoryChainStore();
        ChainStore alwaysTaken = new DelegatingChainStore(store) {
            @Override
            public Optional<LineageRecord> head(String chain) {
                return Optional.empty();
            }

            @Override
            public Optional<LineageRecord> putIfAbsent(LineageRecord record) {
                store.puts++;
                return Optional.of(LineageRecord.seal(record.chain(), record.seq(), record.prev(),
                        LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId("other").build()));
            }

            @Override
            public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
                return putIfAbsent(records.get(0));
            }
        };

        assertThatThrownBy(() -> writer(alwaysTaken).append(draft()))
                .isInstanceOfSatisfying(LineageUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.CONTENTION);
                    assertThat(e.chain()).isEqualTo("orders#2");
                });
        assertThat(store.puts).isEqualTo(5);
    }

    @Test
    void throttlingIsRetriedWithinBoundsThenFailsTyped() {
        FailingStore store = new FailingStore(Integer.MAX_VALUE, LineageWriterTest::throttled);

        assertThatThrownBy(() -> writer(store).append(draft()))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.THROTTLED));
        assertThat(store.calls.get()).isEqualTo(3);
        assertThat(pauses).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(500)));
        assertThat(store.delegate.list("orders#2")).isEmpty();
    }

    @Test
    void throttlingThatClearsWithinBoundsStillAppends() {
        FailingStore store = new FailingStore(2, LineageWriterTest::throttled);

        LineageRecord r = writer(store).append(draft());

        assertThat(store.delegate.list("orders#2")).containsExactly(r);
        assertThat(store.calls.get()).isEqualTo(4); // 2 throttled head reads, 1 head, 1 put
    }

    @Test
    void aPutMeetingABatchTransactionInFlightIsRetriedThenContention() {
        // DynamoDB refuses a PutItem on an item a TransactWriteItems is writing; nothing was written.
        MemoryChainStore store = new MemoryChainStore();
        AtomicInteger conflicts = new AtomicInteger(1);
        ChainStore busy = new DelegatingChainStore(store) {
            @Override
            public Optional<LineageRecord> putIfAbsent(LineageRecord record) {
                if (conflicts.getAndDecrement() > 0) {
                    throw transactionConflict();
                }
                return super.putIfAbsent(record);
            }
        };

        LineageRecord r = writer(busy).append(draft());
        assertThat(store.list("orders#2")).containsExactly(r);
        assertThat(store.heads).as("retried as it was, no re-read").isEqualTo(1);

        conflicts.set(Integer.MAX_VALUE);
        assertThatThrownBy(() -> writer(busy).append(draft()))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.CONTENTION));
        assertThat(store.list("orders#2")).containsExactly(r);
    }

    @Test
    void unreachableIsRetriedThenFailsTyped() {
        FailingStore store = new FailingStore(Integer.MAX_VALUE,
                () -> SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                        .cause(new java.net.ConnectException("Connection refused")).build());

        assertThatThrownBy(() -> writer(store).append(draft()))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.UNREACHABLE));
        assertThat(store.calls.get()).isEqualTo(3);
    }

    @Test
    void nonRetryableErrorFailsAtOnce() {
        FailingStore store = new FailingStore(Integer.MAX_VALUE, () -> ResourceNotFoundException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build())
                .build());

        assertThatThrownBy(() -> writer(store).append(draft()))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.REJECTED));
        assertThat(store.calls.get()).isEqualTo(1);
    }

    @Test
    void malformedStoredHeadIsRefusedTyped() {
        ChainStore corrupt = new FailingStore(Integer.MAX_VALUE, () -> {
            throw new MalformedRecordException("prev is not a hex SHA-256");
        });
        assertThatThrownBy(() -> writer(corrupt).append(draft()))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.REJECTED));
    }

    @Test
    void draftWithoutFunctionHasNoChain() {
        assertThatThrownBy(() -> writer(new MemoryChainStore())
                .append(LineageRecord.draft(LineageRecord.Type.DENIAL).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCheckpointDraftCannotBeAppendedToAFunctionChain() {
        MemoryChainStore store = new MemoryChainStore();
        assertThatThrownBy(() -> writer(store).append(LineageRecord.draft(LineageRecord.Type.CHECKPOINT).function("orders").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Checkpointer");
        assertThat(store.records("orders#2").hasNext()).isFalse();
    }

    @Test
    void noClientIsBuiltBeforeTheFirstAppend() {
        AtomicInteger built = new AtomicInteger();
        LineageWriter.create(config, () -> {
            built.incrementAndGet();
            throw new IllegalStateException("not in this test");
        });
        assertThat(built).hasValue(0);
    }

    private static ProvisionedThroughputExceededException throttled() {
        return ProvisionedThroughputExceededException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .message("Rate of requests exceeds the allowed throughput")
                .build();
    }

    private static TransactionConflictException transactionConflict() {
        return TransactionConflictException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionConflictException").build())
                .message("Transaction is ongoing for the item")
                .build();
    }

    /** Fails the first {@code failures} calls with {@code error}, then delegates to memory. */
    private static final class FailingStore implements ChainStore {
        final MemoryChainStore delegate = new MemoryChainStore();
        final AtomicInteger calls = new AtomicInteger();
        private final int failures;
        private final java.util.function.Supplier<RuntimeException> error;

        FailingStore(int failures, java.util.function.Supplier<RuntimeException> error) {
            this.failures = failures;
            this.error = error;
        }

        private void maybeFail() {
            if (calls.incrementAndGet() <= failures) {
                throw error.get();
            }
        }

        @Override
        public Optional<LineageRecord> head(String chain) {
            maybeFail();
            return delegate.head(chain);
        }

        @Override
        public Optional<LineageRecord> putIfAbsent(LineageRecord record) {
            maybeFail();
            return delegate.putIfAbsent(record);
        }

        @Override
        public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
            maybeFail();
            return delegate.putAllIfAbsent(records);
        }

        @Override
        public Optional<LineageRecord> get(String chain, long seq) {
            maybeFail();
            return delegate.get(chain, seq);
        }

        @Override
        public java.util.Iterator<LineageRecord> records(String chain) {
            return delegate.records(chain);
        }
    }
}
