package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.lineage.internal.ChainStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** {@link LineageWriter#appendAll}: linking, re-linking and bounds, at the ChainStore seam. */
class LineageWriterBatchTest {
    private static final String ZEROS = "0".repeat(64);

    private final List<Duration> pauses = new ArrayList<>();
    private final LineageConfig config = LineageConfig.builder().shard(2).shards(4).maxAttempts(3).maxConflicts(5).build();
    private final MemoryChainStore store = new MemoryChainStore();

    private LineageWriter writer(ChainStore s) {
        return new LineageWriter(config, s, pauses::add);
    }

    private static LineageRecord.Draft draft(String function, String execId) {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).function(function).execId(execId).build();
    }

    private static List<LineageRecord.Draft> drafts(int n) {
        return IntStream.range(0, n).mapToObj(i -> draft("orders", "e" + i)).toList();
    }

    /** Asserts the chain is seq 0..n-1, every hash valid, every prev the hash before it. */
    private void assertIntact(String chain, int n) {
        List<LineageRecord> c = store.list(chain);
        assertThat(c).extracting(LineageRecord::seq).containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
        for (int i = 0; i < c.size(); i++) {
            assertThat(c.get(i).hashIsValid()).isTrue();
            assertThat(c.get(i).prev()).isEqualTo(i == 0 ? ZEROS : c.get(i - 1).hash());
        }
    }

    @Test
    void aBatchIsLinkedInOrderAndWrittenInOneRequest() {
        List<LineageRecord> out = writer(store).appendAll(drafts(10));

        assertThat(store.batches).isEqualTo(1);
        assertThat(store.puts).isZero();
        assertThat(out).extracting(r -> r.execId().orElseThrow())
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "e" + i).toList());
        assertThat(store.list("orders#2")).containsExactlyElementsOf(out);
        assertIntact("orders#2", 10);
    }

    @Test
    void theNextBatchStartsFromTheWritersOwnLastRecordWithoutAHeadRead() {
        LineageWriter w = writer(store);
        w.appendAll(drafts(3));
        LineageRecord single = w.append(draft("orders", "s"));
        w.appendAll(drafts(3));

        assertThat(store.heads).isEqualTo(1);
        assertThat(single.seq()).isEqualTo(3);
        assertIntact("orders#2", 7);
    }

    @Test
    void oneDraftStaysOnePutItem() {
        writer(store).appendAll(drafts(1));

        assertThat(store.puts).isEqualTo(1);
        assertThat(store.batches).isZero();
    }

    @Test
    void draftsOfSeveralChainsGoInOneRequestPerChainAndComeBackInDraftOrder() {
        List<LineageRecord.Draft> mixed = List.of(draft("orders", "o0"), draft("payments", "p0"), draft("orders", "o1"),
                draft("payments", "p1"), draft("orders", "o2"));

        List<LineageRecord> out = writer(store).appendAll(mixed);

        assertThat(store.batches).isEqualTo(2);
        assertThat(out).extracting(r -> r.execId().orElseThrow()).containsExactly("o0", "p0", "o1", "p1", "o2");
        assertThat(out).extracting(LineageRecord::chain)
                .containsExactly("orders#2", "payments#2", "orders#2", "payments#2", "orders#2");
        assertIntact("orders#2", 3);
        assertIntact("payments#2", 2);
    }

    @Test
    void overAHundredDraftsAreSplitIntoLinkedBatchesOfAHundred() {
        List<Integer> sizes = new ArrayList<>();
        ChainStore counting = recordingBatchSizes(sizes);

        List<LineageRecord> out = writer(counting).appendAll(drafts(250));

        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(out).hasSize(250);
        assertIntact("orders#2", 250);
    }

    @Test
    void largeDraftsAreSplitBelowTheTransactionSizeLimit() {
        List<Integer> sizes = new ArrayList<>();
        ChainStore counting = recordingBatchSizes(sizes);
        String big = "x".repeat(300_000);
        List<LineageRecord.Draft> large = IntStream.range(0, 30)
                .mapToObj(i -> LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").reason(big + i).build())
                .toList();

        writer(counting).appendAll(large);

        // 13 items of ~300 KB stay under 4,000,000 bytes; a 14th would not.
        assertThat(sizes).containsExactly(13, 13, 4);
        assertIntact("orders#2", 30);
    }

    @Test
    void aMalformedDraftRefusesTheWholeBatchBeforeAnythingIsWritten() {
        List<LineageRecord.Draft> noFunction = new ArrayList<>(drafts(3));
        noFunction.add(LineageRecord.draft(LineageRecord.Type.DENIAL).build());
        List<LineageRecord.Draft> checkpoint = new ArrayList<>(drafts(3));
        checkpoint.add(LineageRecord.draft(LineageRecord.Type.CHECKPOINT).function("orders").build());
        List<LineageRecord.Draft> withNull = new ArrayList<>(drafts(3));
        withNull.add(null);
        LineageWriter w = writer(store);

        assertThatThrownBy(() -> w.appendAll(noFunction)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function");
        assertThatThrownBy(() -> w.appendAll(checkpoint)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Checkpointer");
        assertThatThrownBy(() -> w.appendAll(withNull)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("draft 3 is null");
        assertThat(store.heads + store.puts + store.batches).as("store calls").isZero();
        assertThat(store.chains).isEmpty();
    }

    @Test
    void whenAnotherWriterMovedTheHeadTheWholeBatchIsRelinkedOnTheReReadHead() {
        LineageWriter w = writer(store);
        w.appendAll(drafts(2));
        // Another container appends its own batch on the same chain: our remembered head is stale.
        LineageRecord o2 = LineageRecord.seal("orders#2", 2, store.list("orders#2").get(1).hash(), draft("orders", "x2"));
        LineageRecord o3 = LineageRecord.seal("orders#2", 3, o2.hash(), draft("orders", "x3"));
        store.force(o2);
        store.force(o3);

        List<LineageRecord> out = w.appendAll(drafts(5));

        assertThat(out.get(0).seq()).isEqualTo(4);
        assertThat(out.get(0).prev()).isEqualTo(o3.hash());
        assertThat(store.batches).as("one lost, one written").isEqualTo(3);
        assertThat(store.heads).isEqualTo(2);
        assertIntact("orders#2", 9);
    }

    @Test
    void aBatchThatLosesTheRaceAfterAHeadReadReReadsPausesAndRelinks() {
        // Another writer's batch lands between our head read and our transaction.
        ChainStore racing = DelegatingChainStore.racingAfterFirstHeadRead(store, chain -> {
            LineageRecord x0 = LineageRecord.seal(chain, 0, ZEROS, draft("orders", "x0"));
            store.force(x0);
            store.force(LineageRecord.seal(chain, 1, x0.hash(), draft("orders", "x1")));
        });

        List<LineageRecord> out = writer(racing).appendAll(drafts(4));

        assertThat(out.get(0).seq()).isEqualTo(2);
        assertThat(store.heads).isEqualTo(2);
        assertThat(pauses).hasSize(1);
        assertIntact("orders#2", 6);
    }

    @Test
    void aBatchThatLandedBeforeItsResponseWasLostIsNotWrittenTwice() {
        ChainStore lossy = new DelegatingChainStore(store) {
            boolean lost;

            @Override
            public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
                Optional<LineageRecord> r = super.putAllIfAbsent(records);
                if (!lost) {
                    lost = true;
                    throw SdkClientException.builder().message("Read timed out")
                            .cause(new java.net.SocketTimeoutException("Read timed out")).build();
                }
                return r;
            }
        };

        List<LineageRecord> out = writer(lossy).appendAll(drafts(4));

        assertThat(store.list("orders#2")).containsExactlyElementsOf(out);
        assertIntact("orders#2", 4);
    }

    @Test
    void aBatchInDoubtIsReadOnceBeforeTheNextAppendAndStaysInDoubtWhileThatReadFails() {
        ChainStore flaky = new DelegatingChainStore(store) {
            int lostResponses = config.maxAttempts();
            int failedReads = config.maxAttempts();

            @Override
            public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
                Optional<LineageRecord> r = super.putAllIfAbsent(records);
                if (lostResponses-- > 0) {
                    throw timedOut();
                }
                return r;
            }

            @Override
            public Optional<LineageRecord> get(String chain, long seq) {
                if (failedReads-- > 0) {
                    throw timedOut();
                }
                return super.get(chain, seq);
            }
        };
        LineageWriter writer = writer(flaky);
        List<LineageRecord.Draft> first = drafts(2);

        assertThatThrownBy(() -> writer.appendAll(first)).as("landed, every response lost")
                .isInstanceOf(LineageUnavailableException.class);
        assertThatThrownBy(() -> writer.appendAll(first)).as("cannot tell yet whether it landed")
                .isInstanceOf(LineageUnavailableException.class);
        List<LineageRecord.Draft> again = new ArrayList<>(first);
        again.add(draft("orders", "e2"));
        List<LineageRecord> out = writer.appendAll(again);

        assertThat(store.list("orders#2")).containsExactlyElementsOf(out);
        assertIntact("orders#2", 3);
        assertThat(store.gets).as("one read settled the doubt").isEqualTo(1);
    }

    private static SdkClientException timedOut() {
        return SdkClientException.builder().message("Read timed out").cause(new java.net.SocketTimeoutException("Read timed out")).build();
    }

    @Test
    void givesUpWithContentionAfterTheConflictBoundHavingWrittenNothing() {
        ChainStore alwaysTaken = new DelegatingChainStore(store) {
            @Override
            public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
                store.batches++;
                LineageRecord first = records.get(0);
                return Optional.of(LineageRecord.seal(first.chain(), first.seq(), first.prev(), draft("orders", "other")));
            }
        };

        assertThatThrownBy(() -> writer(alwaysTaken).appendAll(drafts(3)))
                .isInstanceOfSatisfying(LineageUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.CONTENTION);
                    assertThat(e.appended()).isEmpty();
                });
        assertThat(store.batches).isEqualTo(5);
        assertThat(store.chains).isEmpty();
    }

    @Test
    void aTakenSeqAboveAFreeOneIsRefusedNotBuiltOver() {
        // seq 1 stored without seq 0: no writer of ours leaves that, so it is not a race to retry.
        store.force(LineageRecord.seal("orders#2", 1, ZEROS, draft("orders", "stray")));
        ChainStore emptyHead = new DelegatingChainStore(store) {
            @Override
            public Optional<LineageRecord> head(String chain) {
                return Optional.empty();
            }
        };

        assertThatThrownBy(() -> writer(emptyHead).appendAll(drafts(3)))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.REJECTED))
                .hasMessageContaining("seq 1 is taken while seq 0 is free");
        assertThat(store.list("orders#2")).hasSize(1);
    }

    @Test
    void aTransactionConflictIsRetriedAsItWasWithinTheAttemptBound() {
        ChainStore conflictOnce = failing(1, () -> cancelled("TransactionConflict"));

        List<LineageRecord> out = writer(conflictOnce).appendAll(drafts(3));

        assertThat(out.get(0).seq()).isZero();
        assertThat(store.heads).as("no re-read: nothing was written").isEqualTo(1);
        assertIntact("orders#2", 3);
    }

    @Test
    void endlessTransactionConflictsAreContentionAndThrottledCancellationsAreThrottled() {
        assertThatThrownBy(() -> writer(failing(Integer.MAX_VALUE, () -> cancelled("TransactionConflict"))).appendAll(drafts(3)))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.CONTENTION));
        assertThatThrownBy(() -> writer(failing(Integer.MAX_VALUE, () -> cancelled("ThrottlingError"))).appendAll(drafts(3)))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.THROTTLED));
        assertThat(pauses).as("3 attempts each").hasSize(4);
        assertThat(store.chains).isEmpty();
    }

    @Test
    void aValidationCancellationIsRejectedAtOnce() {
        ChainStore invalid = failing(Integer.MAX_VALUE, () -> cancelled("ValidationError"));

        assertThatThrownBy(() -> writer(invalid).appendAll(drafts(3)))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.REJECTED));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aFailureNamesTheRecordsStoredBeforeIt() {
        // The second chain cannot be written; the first chain's batch is stored and reported.
        ChainStore paymentsDown = new DelegatingChainStore(store) {
            @Override
            public Optional<LineageRecord> head(String chain) {
                if (chain.startsWith("payments")) {
                    throw SdkClientException.builder().message("Connection refused").build();
                }
                return super.head(chain);
            }
        };
        List<LineageRecord.Draft> mixed = List.of(draft("orders", "o0"), draft("payments", "p0"), draft("orders", "o1"));

        assertThatThrownBy(() -> writer(paymentsDown).appendAll(mixed))
                .isInstanceOfSatisfying(LineageUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.UNREACHABLE);
                    assertThat(e.chain()).isEqualTo("payments#2");
                    assertThat(e.appended()).containsExactlyElementsOf(store.list("orders#2"));
                    assertThat(e.appended()).extracting(r -> r.execId().orElseThrow()).containsExactly("o0", "o1");
                });
    }

    @Test
    void theDefaultAppendAllAppendsOneByOneAndNamesWhatWasStored() {
        LineageWriter w = writer(store);
        LineageRecorder oneByOne = d -> {
            if (d.execId().orElseThrow().equals("e2")) {
                throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.THROTTLED, "orders#2", "slow down", null);
            }
            return w.append(d);
        };

        assertThatThrownBy(() -> oneByOne.appendAll(drafts(4)))
                .isInstanceOfSatisfying(LineageUnavailableException.class,
                        e -> assertThat(e.appended()).extracting(r -> r.execId().orElseThrow()).containsExactly("e0", "e1"));
        assertThat(store.puts).isEqualTo(2);
    }

    private ChainStore recordingBatchSizes(List<Integer> sizes) {
        return new DelegatingChainStore(store) {
            @Override
            public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
                sizes.add(records.size());
                return super.putAllIfAbsent(records);
            }
        };
    }

    private ChainStore failing(int failures, java.util.function.Supplier<RuntimeException> error) {
        int[] calls = {0};
        return new DelegatingChainStore(store) {
            @Override
            public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
                if (++calls[0] <= failures) {
                    throw error.get();
                }
                return super.putAllIfAbsent(records);
            }
        };
    }

    private static TransactionCanceledException cancelled(String code) {
        return TransactionCanceledException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").build())
                .cancellationReasons(Arrays.asList(
                        CancellationReason.builder().code(code).build(), CancellationReason.builder().code("None").build()))
                .message("Transaction cancelled")
                .build();
    }
}
