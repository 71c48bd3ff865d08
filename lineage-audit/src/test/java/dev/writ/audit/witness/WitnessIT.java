package dev.writ.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.MerkleTree;
import dev.writ.audit.tlog.AddCheckpointRequest;
import dev.writ.audit.tlog.Cosignature;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.Ed25519NoteKey;
import dev.writ.audit.tlog.NoteSignature;
import dev.writ.audit.tlog.NoteVerifier;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.guard.lineage.DynamoDbTestEnv;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The witness with its state in DynamoDB Local: it cosigns a consistent sequence of a log's
 * checkpoints and refuses a rollback, a fork, a gap without a proof, a wrong proof, an unknown
 * log and a checkpoint the log did not sign; its state survives a restart and advances only by
 * compare-and-set.
 */
class WitnessIT {
    private static final DynamoDbClient DDB = DynamoDbTestEnv.client();
    private static final String ORIGIN = "writ.example/123456789012/eu-west-1/lineage";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_765_000_000L), ZoneOffset.UTC);

    private final KeyPair logPair = pair();
    private final Ed25519NoteKey logKey = new Ed25519NoteKey(ORIGIN, logPair.getPublic());
    private final CosignatureSigner signer = new CosignatureSigner("witness.example/w1", pair());
    private final MerkleTree log = MerkleTree.of(IntStream.range(0, 10).mapToObj(i -> MerkleHash.leaf(new byte[] {(byte) i})).toList());
    private WitnessState state;
    private Witness witness;

    @AfterAll
    static void close() {
        DDB.close();
    }

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void witness() {
        String table = "writ-witness-" + UUID.randomUUID();
        DynamoDbWitnessState.createTable(DDB, table);
        state = new DynamoDbWitnessState(table, () -> DDB);
        witness = new Witness(signer, Map.<String, NoteVerifier>of(ORIGIN, logKey), state, CLOCK);
    }

    private SignedNote signed(TlogCheckpoint cp, KeyPair by) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(by.getPrivate());
            s.update(cp.text().getBytes(StandardCharsets.UTF_8));
            return new SignedNote(cp.text(), List.of(new NoteSignature(ORIGIN, logKey.keyId(), s.sign())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private TlogCheckpoint checkpoint(long size) {
        return new TlogCheckpoint(ORIGIN, size, log.rootHash(size));
    }

    private Witness.Answer add(long old, List<MerkleHash> proof, TlogCheckpoint cp) {
        return witness.addCheckpoint(new AddCheckpointRequest(old, proof, signed(cp, logPair)).body().getBytes(StandardCharsets.UTF_8));
    }

    private Witness.Answer add(long old, long size) {
        return add(old, old == 0 || old == size ? List.of() : log.consistencyProof(old, size).path(), checkpoint(size));
    }

    private static void assertRefused(Witness.Answer a, Witness.Refusal refusal, int status) {
        assertThat(a.refusal()).as(a.body()).contains(refusal);
        assertThat(a.status()).isEqualTo(status);
    }

    @Test
    void cosignsAConsistentSequenceAndTheCosignatureVerifiesOverTheCheckpoint() {
        Witness.Answer first = add(0, 3);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Cosignature cosig = Cosignature.parse(first.body().strip());
        assertThat(cosig.timestamp()).isEqualTo(CLOCK.instant().getEpochSecond());
        SignedNote cosigned = signed(checkpoint(3), logPair).plus(List.of(cosig.toNoteSignature()));
        assertThat(cosigned.verify(List.of(signer.key())).isVerified()).isTrue();

        assertThat(add(3, 7).cosigned()).isTrue();
        assertThat(add(7, 7).cosigned()).as("the same checkpoint again: cosigned afresh").isTrue();
        assertThat(add(7, 10).cosigned()).isTrue();
        assertThat(state.latest(ORIGIN)).contains(new WitnessState.Cosigned(10, log.rootHash()));
    }

    @Test
    void refusesARollbackAForkAGapWithoutProofAndAWrongProof() {
        assertThat(add(0, 7).cosigned()).isTrue();

        assertRefused(add(7, List.of(), checkpoint(5)), Witness.Refusal.OLD_SIZE_ABOVE_NEW, 400);
        Witness.Answer stale = add(3, 5);
        assertRefused(stale, Witness.Refusal.STALE_OLD_SIZE, 409);
        assertThat(stale.contentType()).isEqualTo(Witness.SIZE_CONTENT_TYPE);
        assertThat(stale.body()).isEqualTo("7\n");

        TlogCheckpoint fork = new TlogCheckpoint(ORIGIN, 7, MerkleHash.leaf("another tree".getBytes(StandardCharsets.UTF_8)));
        assertRefused(add(7, List.of(), fork), Witness.Refusal.FORK, 422);
        assertRefused(add(7, List.of(), checkpoint(10)), Witness.Refusal.INCONSISTENT, 422);
        assertRefused(add(7, log.consistencyProof(6, 10).path(), checkpoint(10)), Witness.Refusal.INCONSISTENT, 422);

        assertThat(state.latest(ORIGIN)).as("nothing refused was recorded").contains(new WitnessState.Cosigned(7, log.rootHash(7)));
    }

    @Test
    void refusesWhatItCannotAttributeToTheLog() {
        TlogCheckpoint other = new TlogCheckpoint("other.example/log", 3, log.rootHash(3));
        Witness.Answer unknown = witness.addCheckpoint(new AddCheckpointRequest(0, List.of(), signed(other, logPair)).body()
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(unknown, Witness.Refusal.UNKNOWN_LOG, 404);
        Witness.Answer forged = witness.addCheckpoint(new AddCheckpointRequest(0, List.of(), signed(checkpoint(3), pair())).body()
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(forged, Witness.Refusal.NOT_SIGNED_BY_LOG, 403);
        assertRefused(witness.addCheckpoint("old 0\n\nnot a checkpoint\n".getBytes(StandardCharsets.UTF_8)), Witness.Refusal.MALFORMED, 400);
        TlogCheckpoint badEmpty = new TlogCheckpoint(ORIGIN, 0, log.rootHash(3));
        assertRefused(add(0, List.of(), badEmpty), Witness.Refusal.BAD_EMPTY_TREE, 422);
        assertThat(state.latest(ORIGIN)).isEmpty();
    }

    @Test
    void theStateSurvivesARestartAndAdvancesOnlyFromWhatItHolds() {
        assertThat(add(0, 5).cosigned()).isTrue();
        Witness restarted = new Witness(signer, Map.<String, NoteVerifier>of(ORIGIN, logKey), state, CLOCK);
        Witness.Answer again = restarted.addCheckpoint(new AddCheckpointRequest(0, List.of(), signed(checkpoint(3), logPair)).body()
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(again, Witness.Refusal.STALE_OLD_SIZE, 409);
        assertThat(again.body()).isEqualTo("5\n");
        // A writer that read size 3 (a request racing this one) cannot overwrite size 5.
        assertThat(state.advance(ORIGIN, Optional.of(new WitnessState.Cosigned(3, log.rootHash(3))), checkpoint(10))).isFalse();
        assertThat(state.advance(ORIGIN, Optional.empty(), checkpoint(10))).isFalse();
        assertThat(state.latest(ORIGIN)).contains(new WitnessState.Cosigned(5, log.rootHash(5)));
    }
}
