package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.MerkleTree;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageItems;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checkpoints on DynamoDB Local commit to each chain's RFC 9162 tree, extended from the frontier
 * stored with the previous checkpoint, and to the checkpoint log; stored values that do not lead
 * to a signed root are not used; old (v1) checkpoints keep verifying.
 */
class MerkleCheckpointIT {
    private static final DynamoDbClient DDB = DynamoDbTestEnv.client();
    private static final String A = "orders#0";
    private static final String B = "orders#1";

    private final TestKeys keys = new TestKeys("writ.example/lineage");
    private TestLineage lineage;
    private Checkpointer checkpointer;

    @AfterAll
    static void close() {
        DDB.close();
    }

    @BeforeEach
    void lineage() {
        lineage = new TestLineage(DDB, keys.key);
        IntStream.range(0, 20).forEach(i -> lineage.shard0.append(draft("a" + i)));
        IntStream.range(0, 5).forEach(i -> lineage.shard1.append(draft("b" + i)));
        checkpointer = Checkpointer.create(lineage.audit, keys.signer, keys.key, "writ.example/123456789012/eu-west-1/lineage");
    }

    private static LineageRecord.Draft draft(String execId) {
        return TestLineage.record(LineageRecord.Type.OUTCOME, execId, null, null);
    }

    private List<MerkleHash> leaves(String chain) {
        List<MerkleHash> out = new ArrayList<>();
        lineage.audit.store().records(chain).forEachRemaining(r -> out.add(Leaves.of(r)));
        return out;
    }

    private CheckpointNote.Contents contents(Checkpointer.Checkpoint cp) {
        return CheckpointNote.verify(cp.record().note().orElseThrow(), keys.key).orElseThrow();
    }

    @Test
    void eachCheckpointCommitsToEveryChainsTreeAndTheLogToTheCheckpointRecords() {
        Checkpointer.Checkpoint first = checkpointer.checkpoint(lineage.audit.chains());
        CheckpointNote.Contents c1 = contents(first);
        assertThat(c1.version()).isEqualTo(2);
        assertThat(c1.origin()).isEqualTo("writ.example/123456789012/eu-west-1/lineage");
        assertThat(c1.root(A)).contains(MerkleTree.of(leaves(A)).rootHash());
        assertThat(c1.root(B)).contains(MerkleTree.of(leaves(B)).rootHash());
        assertThat(first.chainsWithoutTree()).isEmpty();
        assertThat(first.log()).contains(new TlogCheckpoint(c1.origin(), 1, Leaves.of(first.record())));

        IntStream.range(20, 23).forEach(i -> lineage.shard0.append(draft("a" + i)));
        Checkpointer.Checkpoint second = checkpointer.checkpoint(lineage.audit.chains());
        CheckpointNote.Contents c2 = contents(second);
        assertThat(c2.head(A).orElseThrow().seq()).isEqualTo(22);
        assertThat(c2.root(A)).contains(MerkleTree.of(leaves(A)).rootHash());
        assertThat(c2.root(B)).isEqualTo(c1.root(B));
        assertThat(second.log()).contains(new TlogCheckpoint(c1.origin(), 2,
                MerkleTree.of(List.of(Leaves.of(first.record()), Leaves.of(second.record()))).rootHash()));

        // What was stored: the log note verifies with the checkpoint key alone, for this origin.
        CheckpointState.LogEntry entry = lineage.audit.state().logAt(second.record().seq()).orElseThrow();
        assertThat(LogCheckpoints.verify(entry.note(), keys.key, c1.origin())).isEqualTo(second.log());
        assertThat(LogCheckpoints.verify(entry.note(), keys.key, "another-origin")).isEmpty();
        assertThat(lineage.audit.state().frontier(A, second.record().seq()).orElseThrow().frontier().rootHash()).isEqualTo(c2.root(A).orElseThrow());

        assertThat(lineage.audit.verifyAll(VerifyProgress.none())).allMatch(ChainVerdict::intact);
        // The state partitions are not chains.
        assertThat(lineage.audit.chains()).containsExactly(A, B);
    }

    @Test
    void aCheckpointIsDatedByTheCheckpointersClock() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        Checkpointer fixed = Checkpointer.create(lineage.audit, keys.signer, keys.key, "writ.example/123456789012/eu-west-1/lineage",
                List.of(), Clock.fixed(at, ZoneOffset.UTC));
        Checkpointer.Checkpoint cp = fixed.checkpoint(lineage.audit.chains());
        assertThat(cp.record().ts()).isEqualTo(at.toEpochMilli());
        assertThat(contents(cp).ts()).isEqualTo(at.toEpochMilli());
    }

    @Test
    void aCheckpointReadsOnlyTheRecordsAppendedSinceThePreviousOne() {
        List<MerkleHash> original = leaves(A);
        checkpointer.checkpoint(lineage.audit.chains());
        // An old record changed in place: a checkpoint that re-read history would commit to it.
        DDB.updateItem(b -> b.tableName(lineage.table).key(key(A, 3)).updateExpression("SET decision = :d")
                .expressionAttributeValues(Map.of(":d", LineageItems.s("deny"))));
        IntStream.range(20, 22).forEach(i -> lineage.shard0.append(draft("a" + i)));
        List<MerkleHash> expected = new ArrayList<>(original);
        List<MerkleHash> now = leaves(A);
        expected.addAll(now.subList(20, 22));
        assertThat(now.get(3)).isNotEqualTo(original.get(3));

        CheckpointNote.Contents c = contents(checkpointer.checkpoint(lineage.audit.chains()));
        assertThat(c.root(A)).contains(MerkleTree.of(expected).rootHash());
    }

    @Test
    void aStoredFrontierThatDoesNotLeadToTheSignedRootIsNotUsed() {
        long seq = checkpointer.checkpoint(lineage.audit.chains()).record().seq();
        MerkleFrontier stored = lineage.audit.state().frontier(A, seq).orElseThrow().frontier();
        List<MerkleHash> forged = stored.subtrees().stream().map(h -> MerkleHash.leaf(h.bytes())).toList();
        DDB.putItem(b -> b.tableName(lineage.table).item(Map.of("chain", LineageItems.s("checkpoint/frontier/" + A),
                "seq", LineageItems.n(seq), "frontier", LineageItems.s(MerkleFrontier.of(stored.size(), forged).toJson()))));
        lineage.shard0.append(draft("a20"));

        CheckpointNote.Contents c = contents(checkpointer.checkpoint(lineage.audit.chains()));
        assertThat(c.root(A)).contains(MerkleTree.of(leaves(A)).rootHash());
    }

    @Test
    void aChainWithAMissingSeqIsPinnedWithoutATreeRoot() {
        DDB.deleteItem(b -> b.tableName(lineage.table).key(key(B, 2)));
        Checkpointer.Checkpoint cp = checkpointer.checkpoint(lineage.audit.chains());
        assertThat(cp.chainsWithoutTree()).containsExactly(B);
        CheckpointNote.Contents c = contents(cp);
        assertThat(c.head(B).orElseThrow().seq()).isEqualTo(4);
        assertThat(c.root(B)).isEmpty();
        assertThat(c.root(A)).isPresent();
    }

    @Test
    void chainsCheckpointedByAV1NoteGetTreesFromTheNextCheckpointAndStillVerify() {
        // A checkpoint as written before trees: v1 text, heads only.
        LineageRecord headA = lineage.audit.store().head(A).orElseThrow();
        String v1 = "writ-lineage-checkpoint/v1\n" + lineage.table + "\n" + System.currentTimeMillis() + "\n"
                + A + " " + headA.seq() + " " + headA.hash() + "\n";
        lineage.audit.appender().appendTo(LineageRecord.CHECKPOINT_CHAIN, LineageRecord.draft(LineageRecord.Type.CHECKPOINT)
                .note(CheckpointNote.sign(v1, keys.signer, keys.key)).build());
        assertThat(lineage.audit.verifyAll(VerifyProgress.none())).allMatch(ChainVerdict::intact);

        lineage.shard0.append(draft("a20"));
        Checkpointer.Checkpoint cp = checkpointer.checkpoint(lineage.audit.chains());
        assertThat(contents(cp).root(A)).contains(MerkleTree.of(leaves(A)).rootHash());
        // The log covers the v1 record as its leaf 0.
        assertThat(cp.log().orElseThrow().treeSize()).isEqualTo(2);
        assertThat(lineage.audit.verifyAll(VerifyProgress.none())).allMatch(ChainVerdict::intact);
    }

    private static Map<String, AttributeValue> key(String chain, long seq) {
        return Map.of("chain", LineageItems.s(chain), "seq", LineageItems.n(seq));
    }
}
