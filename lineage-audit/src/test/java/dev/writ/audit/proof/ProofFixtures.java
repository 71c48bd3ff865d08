package dev.writ.audit.proof;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.Leaves;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.MerkleTree;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.NoteSignature;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small lineage in memory, checkpointed by hand from the formats (docs/lineage.md): two chains,
 * execution {@code e1} on orders#0 seq 1 with a hop on orders#1 seq 2 (same {@code txn}), a v2
 * checkpoint note signed with the JDK's ECDSA, and a log of two checkpoint records.
 */
final class ProofFixtures {
    private final String origin;
    private final ECKey jwk;
    private final CheckpointKey key;
    private final Map<String, List<LineageRecord>> chains = new LinkedHashMap<>();
    private final Map<String, Integer> pinned = new LinkedHashMap<>();
    private final LineageRecord checkpoint;
    private final List<MerkleHash> logLeaves = new ArrayList<>();

    ProofFixtures(String origin) {
        this.origin = origin;
        try {
            jwk = new ECKeyGenerator(Curve.P_256).generate();
            key = new CheckpointKey("writ-lineage-checkpoint", jwk.toECPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        append("orders#0", "a");
        append("orders#0", "e1", "t1", null);
        append("orders#0", "b");
        append("orders#1", "c");
        append("orders#1", "d");
        append("orders#1", "e2", "t1", "e1");
        append("orders#1", "f");
        chains.forEach((c, records) -> pinned.put(c, records.size()));
        LineageRecord first = LineageRecord.seal("checkpoint", 0, LineageHash.ZERO_HEX, LineageRecord.draft(LineageRecord.Type.CHECKPOINT)
                .ts(500).note(sign("writ-lineage-checkpoint/v2\n" + origin + "\n500\n")).build());
        StringBuilder text = new StringBuilder("writ-lineage-checkpoint/v2\n" + origin + "\n2000\n");
        for (String c : chains.keySet()) {
            LineageRecord head = chains.get(c).get(pinned.get(c) - 1);
            text.append(c).append(' ').append(head.seq()).append(' ').append(head.hash()).append(' ')
                    .append(tree(c).rootHash(pinned.get(c)).hex()).append('\n');
        }
        checkpoint = LineageRecord.seal("checkpoint", 1, first.hash(), LineageRecord.draft(LineageRecord.Type.CHECKPOINT)
                .ts(2000).note(sign(text.toString())).build());
        logLeaves.add(Leaves.of(first));
        logLeaves.add(Leaves.of(checkpoint));
    }

    CheckpointKey key() {
        return key;
    }

    LineageRecord append(String chain, String execId) {
        return append(chain, execId, null, null);
    }

    private LineageRecord append(String chain, String execId, String txn, String par) {
        List<LineageRecord> records = chains.computeIfAbsent(chain, c -> new ArrayList<>());
        String prev = records.isEmpty() ? LineageHash.ZERO_HEX : records.get(records.size() - 1).hash();
        LineageRecord.Draft.Builder d = LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(1000 + records.size())
                .function("orders").execId(execId).decision("allow");
        if (txn != null) {
            d.transaction(txn);
        }
        if (par != null) {
            d.parent(par);
        }
        LineageRecord r = LineageRecord.seal(chain, records.size(), prev, d.build());
        records.add(r);
        return r;
    }

    MerkleTree tree(String chain) {
        return MerkleTree.of(chains.get(chain).stream().map(Leaves::of).toList());
    }

    /** {@code text} as a note signed by the checkpoint key: DER ECDSA by the JDK, key ID from the SPKI. */
    String sign(String text) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(jwk.toECPrivateKey());
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return new SignedNote(text, List.of(new NoteSignature(key.name(), key.keyId(), s.sign()))).format();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bundle of {@code execId} (records with its execId or txn {@code t1}), the log cosigned by {@code witnesses}. */
    ProofBundle bundle(String execId, List<CosignatureSigner> witnesses) {
        return bundle(execId, witnesses, 1_765_000_000L);
    }

    /** The same, the witnesses cosigning at {@code cosignedAt} (POSIX seconds). */
    ProofBundle bundle(String execId, List<CosignatureSigner> witnesses, long cosignedAt) {
        List<ProofBundle.ProvenRecord> proven = new ArrayList<>();
        for (String c : chains.keySet()) {
            int size = pinned.get(c);
            for (LineageRecord r : chains.get(c).subList(0, size)) {
                if (r.execId().filter(execId::equals).isPresent() || r.transaction().filter("t1"::equals).isPresent()) {
                    proven.add(new ProofBundle.ProvenRecord(r, tree(c).inclusionProof(r.seq(), size)));
                }
            }
        }
        MerkleTree log = MerkleTree.of(logLeaves);
        TlogCheckpoint logCheckpoint = new TlogCheckpoint(origin, 2, log.rootHash());
        SignedNote note = SignedNote.parse(sign(logCheckpoint.text()));
        List<NoteSignature> cosignatures = witnesses.stream().map(w -> w.sign(logCheckpoint, cosignedAt).toNoteSignature()).toList();
        return new ProofBundle(execId, Optional.of("t1"), origin, checkpoint,
                Optional.of(new ProofBundle.LogProof(note.plus(cosignatures).format(), log.inclusionProof(1, 2))), proven);
    }
}
