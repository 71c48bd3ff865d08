package dev.writ.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.merkle.InclusionProof;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.proof.BundleVerdict.Reason;
import dev.writ.audit.tlog.Cosignature;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.tlog.NoteSignature;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.core.json.CanonicalJson;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bundles built here from the formats alone (records, RFC 9162 trees, a signed v2 note, a log
 * checkpoint, Ed25519 cosignatures), then verified, then each hostile variant refused with its
 * own reason.
 */
class ProofVerifierTest {
    private static final String ORIGIN = "writ.example/123456789012/eu-west-1/lineage";
    private static final ProofFixtures F = new ProofFixtures(ORIGIN);

    private static CosignatureSigner witness(String name) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new CosignatureSigner(name, pair);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final CosignatureSigner WITNESS_A = witness("witness-a.example");
    private static final CosignatureSigner WITNESS_B = witness("witness-b.example");
    private static final CosignatureSigner STRANGER = witness("stranger.example");

    private static TrustPolicy trust(int required) {
        return new TrustPolicy(ORIGIN, F.key(), List.of(WITNESS_A.key(), WITNESS_B.key()), required);
    }

    private static void assertRefused(BundleVerdict v, Reason reason) {
        assertThat(v.isVerified()).as(v.toJson()).isFalse();
        assertThat(v.failure()).contains(reason);
    }

    @Test
    void aBundleVerifiesAndSaysWhatItProves() {
        ProofBundle bundle = F.bundle("e1", List.of(WITNESS_A));
        BundleVerdict v = ProofVerifier.verify(bundle.toJson(), trust(1));
        assertThat(v.isVerified()).as(v.toJson()).isTrue();
        BundleVerdict.Proven p = v.proven().orElseThrow();
        assertThat(p.cosignedBy()).containsExactly("witness-a.example");
        assertThat(p.records()).extracting(r -> r.get("chain") + "@" + r.get("seq")).containsExactly("orders#0@1", "orders#1@2");
        assertThat(v.toJson()).contains("\"notProven\"").contains("cosigned by witness-a.example");
        // Round trip: the canonical JSON parses back to the same bundle.
        assertThat(ProofBundle.parse(bundle.toJson()).toJson()).isEqualTo(bundle.toJson());
    }

    @Test
    void aTruncatedFileIsMalformed() {
        String json = F.bundle("e1", List.of()).toJson();
        assertRefused(ProofVerifier.verify(json.substring(0, json.length() / 2), trust(0)), Reason.MALFORMED_BUNDLE);
        Map<String, Object> m = Json.parseObject(json);
        m.put("extra", 1);
        assertRefused(ProofVerifier.verify(CanonicalJson.of(m), trust(0)), Reason.MALFORMED_BUNDLE);
    }

    @Test
    void aNumberWithNoCanonicalFormIsMalformedNotAFailure() {
        String json = F.bundle("e1", List.of()).toJson();
        for (String member : List.of("seq", "treeSize")) {
            String beyondDoubles = json.replaceFirst("\"" + member + "\":\\d+", "\"" + member + "\":1e400");
            assertThat(beyondDoubles).as(member).isNotEqualTo(json);
            assertRefused(ProofVerifier.verify(beyondDoubles, trust(0)), Reason.MALFORMED_BUNDLE);
        }
    }

    @Test
    void aBundleNotWrittenCanonicalIsMalformedNotReCanonicalised() {
        String json = F.bundle("e1", List.of()).toJson();
        assertThat(ProofVerifier.verify(json + "\n", trust(0)).isVerified()).as("a file's final newline").isTrue();
        // Each spells the same value as the canonical form; a verifier whose JSON library reads 1.0 as a
        // float, or that compares bytes, would judge these otherwise: every verifier refuses them instead.
        for (String number : List.of("1.0", "1e0", "1E0", "10e-1")) {
            String spelled = json.replaceFirst("\"leafIndex\":1([,}])", "\"leafIndex\":" + number + "$1");
            assertThat(spelled).as(number).isNotEqualTo(json);
            BundleVerdict v = ProofVerifier.verify(spelled, trust(0));
            assertRefused(v, Reason.MALFORMED_BUNDLE);
            assertThat(v.detail()).as(number).contains("not written canonical (RFC 8785)");
        }
        // -0 is JSON's other spelling of 0: refused for its spelling before any proof is checked.
        BundleVerdict negativeZero = ProofVerifier.verify(json.replaceFirst("\"leafIndex\":1([,}])", "\"leafIndex\":-0$1"), trust(0));
        assertRefused(negativeZero, Reason.MALFORMED_BUNDLE);
        assertThat(negativeZero.detail()).contains("not written canonical (RFC 8785)");
        assertRefused(ProofVerifier.verify(json.replaceFirst("\\{", "{ "), trust(0)), Reason.MALFORMED_BUNDLE);
        assertRefused(ProofVerifier.verify(json + "\n\n", trust(0)), Reason.MALFORMED_BUNDLE);
    }

    @Test
    void aFileIsReadNoFurtherThanABundlesSizeEvenWhenItReportsNoSize() throws Exception {
        // /dev/zero reports size 0 and never ends: a size check before reading would let it fill the heap.
        BundleVerdict endless = ProofVerifier.verify(Path.of("/dev/zero"), trust(0));
        assertRefused(endless, Reason.MALFORMED_BUNDLE);
        assertThat(endless.detail()).contains("more than a bundle's " + ProofBundle.MAX_BYTES + " bytes");
        Path notUtf8 = Files.createTempFile("bundle", ".json");
        try {
            Files.write(notUtf8, new byte[] {'{', (byte) 0xc3, '}'});
            assertThat(ProofVerifier.verify(notUtf8, trust(0)).detail()).isEqualTo("the file is not UTF-8");
        } finally {
            Files.delete(notUtf8);
        }
    }

    @Test
    void reorderedRecordsAreRefused() {
        ProofBundle b = F.bundle("e1", List.of());
        List<ProofBundle.ProvenRecord> swapped = new ArrayList<>(b.records());
        java.util.Collections.reverse(swapped);
        assertRefused(ProofVerifier.verify(with(b, swapped), trust(0)), Reason.REORDERED);
    }

    @Test
    void aReorderedOrTruncatedInclusionPathDoesNotLeadToTheRoot() {
        ProofBundle b = F.bundle("e1", List.of());
        ProofBundle.ProvenRecord p = b.records().get(1);
        List<MerkleHash> path = new ArrayList<>(p.inclusion().path());
        assertThat(path).hasSizeGreaterThan(1);
        java.util.Collections.swap(path, 0, 1);
        BundleVerdict reordered = ProofVerifier.verify(replace(b, 1, new InclusionProof(p.inclusion().leafIndex(), p.inclusion().treeSize(), path)), trust(0));
        assertRefused(reordered, Reason.INCLUSION_FAILED);
        assertThat(reordered.detail()).contains("ROOT_MISMATCH");
        BundleVerdict truncated = ProofVerifier.verify(replace(b, 1, new InclusionProof(p.inclusion().leafIndex(), p.inclusion().treeSize(),
                p.inclusion().path().subList(0, path.size() - 1))), trust(0));
        assertRefused(truncated, Reason.INCLUSION_FAILED);
        assertThat(truncated.detail()).contains("PROOF_TOO_SHORT");
    }

    @Test
    void aProofForAnotherTreeSizeIsRefused() {
        ProofBundle b = F.bundle("e1", List.of());
        ProofBundle.ProvenRecord p = b.records().get(0);
        // A genuine proof, but in the tree of one leaf fewer than the checkpoint signs.
        InclusionProof older = F.tree(p.record().chain()).inclusionProof(p.record().seq(), p.inclusion().treeSize() - 1);
        assertRefused(ProofVerifier.verify(replace(b, 0, older), trust(0)), Reason.TREE_SIZE_MISMATCH);
        InclusionProof otherLeaf = F.tree(p.record().chain()).inclusionProof(p.record().seq() - 1, p.inclusion().treeSize());
        assertRefused(ProofVerifier.verify(replace(b, 0, otherLeaf), trust(0)), Reason.WRONG_LEAF_INDEX);
    }

    @Test
    void aCheckpointSignedByAnUntrustedKeyIsRefused() {
        ProofFixtures other = new ProofFixtures(ORIGIN);
        assertRefused(ProofVerifier.verify(other.bundle("e1", List.of()), trust(0)), Reason.UNTRUSTED_KEY);
    }

    @Test
    void aCosignatureFromAnUnknownWitnessDoesNotCount() {
        ProofBundle b = F.bundle("e1", List.of(STRANGER));
        BundleVerdict v = ProofVerifier.verify(b, trust(1));
        assertRefused(v, Reason.UNKNOWN_WITNESS);
        assertThat(v.detail()).contains("stranger.example");
        // Trusting nobody's cosignature, the same bundle verifies: unknown lines are ignored, as signed-note says.
        assertThat(ProofVerifier.verify(b, trust(0)).isVerified()).isTrue();
    }

    @Test
    void oneWitnessKeyUnderTwoNamesIsRefused() {
        // A cosignature does not sign its cosigner's name: relabelled, one witness's line would verify under both names.
        CosignerKey again = new CosignerKey("witness-a-again.example", WITNESS_A.key().publicKey());
        assertThatThrownBy(() -> new TrustPolicy(ORIGIN, F.key(), List.of(WITNESS_A.key(), again), 2))
                .isInstanceOf(MalformedBundleException.class).hasMessage("witness witness-a-again.example has the key of another witness");
    }

    @Test
    void fewerCosignaturesThanRequiredAreRefused() {
        assertRefused(ProofVerifier.verify(F.bundle("e1", List.of(WITNESS_A)), trust(2)), Reason.TOO_FEW_COSIGNATURES);
        assertThat(ProofVerifier.verify(F.bundle("e1", List.of(WITNESS_A, WITNESS_B)), trust(2)).isVerified()).isTrue();
        ProofBundle noLog = F.bundle("e1", List.of(WITNESS_A));
        noLog = new ProofBundle(noLog.execId(), noLog.txn(), noLog.origin(), noLog.checkpoint(), Optional.empty(), noLog.records());
        assertRefused(ProofVerifier.verify(noLog, trust(1)), Reason.TOO_FEW_COSIGNATURES);
    }

    @Test
    void aCosignatureDatedBeyondTheSkewAheadOfTheClockDoesNotCount() {
        long now = Instant.now().getEpochSecond();
        long withinSkew = now + Cosignature.MAX_AHEAD.toSeconds() - 60;
        assertThat(ProofVerifier.verify(F.bundle("e1", List.of(WITNESS_A), withinSkew), trust(1)).isVerified()).isTrue();

        long aDayAhead = now + 86_400;
        BundleVerdict v = ProofVerifier.verify(F.bundle("e1", List.of(WITNESS_A), aDayAhead), trust(1));
        assertRefused(v, Reason.FUTURE_COSIGNATURE);
        assertThat(v.detail()).contains("0 cosignature(s)").contains("more than 10 minutes ahead of this clock: [witness-a.example at " + aDayAhead + "]");
        // Requiring none, the bundle verifies, and the cosignatures ahead are not claimed as cosigning it.
        ProofBundle ahead = F.bundle("e1", List.of(WITNESS_A, WITNESS_B), aDayAhead);
        assertThat(ProofVerifier.verify(ahead, trust(0)).proven().orElseThrow().cosignedBy()).isEmpty();
    }

    @Test
    void aCosignatureCountsUpToExactlyTheSkewAheadOfTheVerifiersClock() {
        long signedAt = 1_765_000_000L;
        ProofBundle b = F.bundle("e1", List.of(WITNESS_A), signedAt);
        Instant atTheSkew = Instant.ofEpochSecond(signedAt - Cosignature.MAX_AHEAD.toSeconds());
        assertThat(ProofVerifier.verify(b, trust(1), Clock.fixed(atTheSkew, ZoneOffset.UTC)).isVerified()).isTrue();
        BundleVerdict aSecondEarlier = ProofVerifier.verify(b, trust(1), Clock.fixed(atTheSkew.minusSeconds(1), ZoneOffset.UTC));
        assertRefused(aSecondEarlier, Reason.FUTURE_COSIGNATURE);
        assertThat(aSecondEarlier.detail()).contains("[witness-a.example at " + signedAt + "]");
    }

    @Test
    void aForgedCosignatureByATrustedWitnessRefusesTheNote() {
        ProofBundle b = F.bundle("e1", List.of(WITNESS_A));
        SignedNote note = SignedNote.parse(b.log().orElseThrow().note());
        List<NoteSignature> sigs = new ArrayList<>(note.signatures());
        NoteSignature last = sigs.remove(sigs.size() - 1);
        byte[] bytes = last.signature();
        bytes[bytes.length - 1] ^= 1;
        sigs.add(new NoteSignature(last.keyName(), last.keyId(), bytes));
        ProofBundle forged = new ProofBundle(b.execId(), b.txn(), b.origin(), b.checkpoint(),
                Optional.of(new ProofBundle.LogProof(new SignedNote(note.text(), sigs).format(), b.log().get().inclusion())), b.records());
        assertRefused(ProofVerifier.verify(forged, trust(1)), Reason.BAD_SIGNATURE);
    }

    @Test
    void anEditedRecordARecordOfAnotherExecutionAndAnotherOriginAreRefused() {
        ProofBundle b = F.bundle("e1", List.of());
        LineageRecord r = b.records().get(0).record();
        LineageRecord edited = new LineageRecord(r.chain(), r.seq(), r.prev(), r.type(), r.ts() + 1, r.text(), r.hash());
        assertRefused(ProofVerifier.verify(replaceRecord(b, 0, edited), trust(0)), Reason.RECORD_HASH_MISMATCH);
        // Re-sealed so its own hash matches: its leaf is not the committed one.
        LineageRecord resealed = LineageRecord.seal(r.chain(), r.seq(), r.prev(), LineageRecord.draft(r.type()).ts(r.ts() + 1)
                .function("orders").execId("e1").transaction("t1").decision("allow").build());
        assertRefused(ProofVerifier.verify(replaceRecord(b, 0, resealed), trust(0)), Reason.INCLUSION_FAILED);
        ProofBundle other = new ProofBundle("e2", Optional.empty(), b.origin(), b.checkpoint(), b.log(), b.records());
        assertRefused(ProofVerifier.verify(other, trust(0)), Reason.NOT_THIS_EXECUTION);
        assertRefused(ProofVerifier.verify(b, new TrustPolicy("another/origin", F.key(), List.of(), 0)), Reason.ORIGIN_MISMATCH);
    }

    @Test
    void aBundleCannotPresentATransactionAsThatOfAnExecutionOutsideIt() {
        // "a" (orders#0 seq 0) carries no txn; the fixture's bundle of it names t1 and so holds t1's records too.
        assertRefused(ProofVerifier.verify(F.bundle("a", List.of()).toJson(), trust(0)), Reason.NOT_THIS_EXECUTION);
        // e1 alone, its transaction left unnamed: its hop on orders#1 hidden.
        ProofBundle e1 = F.bundle("e1", List.of());
        ProofBundle noTxn = new ProofBundle("e1", Optional.empty(), e1.origin(), e1.checkpoint(), e1.log(), e1.records().subList(0, 1));
        assertRefused(ProofVerifier.verify(noTxn.toJson(), trust(0)), Reason.NOT_THIS_EXECUTION);
    }

    @Test
    void aRecordBeyondTheCheckpointIsNotInIt() {
        ProofBundle b = F.bundle("e1", List.of());
        LineageRecord late = F.append("orders#1", "e1");
        InclusionProof p = F.tree("orders#1").inclusionProof(late.seq(), late.seq() + 1);
        List<ProofBundle.ProvenRecord> records = new ArrayList<>(b.records());
        records.add(new ProofBundle.ProvenRecord(late, p));
        assertRefused(ProofVerifier.verify(with(b, records), trust(0)), Reason.NOT_IN_CHECKPOINT);
    }

    @Test
    void aCheckpointRecordReSealedWithAnotherTsThanItsNotesIsRefused() {
        ProofBundle bundle = F.bundle("e1", List.of());
        LineageRecord cp = bundle.checkpoint();
        LineageRecord redated = LineageRecord.seal(cp.chain(), cp.seq(), cp.prev(), LineageRecord.draft(LineageRecord.Type.CHECKPOINT)
                .ts(cp.ts() + 86_400_000L).note(cp.note().orElseThrow()).build());
        // Without the log checkpoint, whose inclusion proof would fail, nothing but this check binds the record's ts.
        ProofBundle withoutLog = new ProofBundle(bundle.execId(), bundle.txn(), bundle.origin(), redated, Optional.empty(), bundle.records());
        BundleVerdict v = ProofVerifier.verify(withoutLog.toJson(), trust(0));
        assertRefused(v, Reason.BAD_CHECKPOINT_RECORD);
        assertThat(v.detail()).contains("is not its note's " + cp.ts());
        ProofBundle untouched = new ProofBundle(bundle.execId(), bundle.txn(), bundle.origin(), cp, Optional.empty(), bundle.records());
        assertThat(ProofVerifier.verify(untouched.toJson(), trust(0)).toJson()).contains("and its seq is not signed");
    }

    @Test
    void aV1CheckpointCommitsToNoTree() {
        ProofBundle b = F.bundle("e1", List.of());
        String v1 = "writ-lineage-checkpoint/v1\n" + ORIGIN + "\n1\n";
        LineageRecord cp = LineageRecord.seal("checkpoint", 0, LineageHash.ZERO_HEX, LineageRecord.draft(LineageRecord.Type.CHECKPOINT)
                .ts(1).note(F.sign(v1)).build());
        assertRefused(ProofVerifier.verify(new ProofBundle(b.execId(), b.txn(), b.origin(), cp, Optional.empty(), b.records()), trust(0)),
                Reason.BAD_CHECKPOINT_RECORD);
    }

    private static String with(ProofBundle b, List<ProofBundle.ProvenRecord> records) {
        return new ProofBundle(b.execId(), b.txn(), b.origin(), b.checkpoint(), b.log(), records).toJson();
    }

    private static String replace(ProofBundle b, int i, InclusionProof p) {
        List<ProofBundle.ProvenRecord> records = new ArrayList<>(b.records());
        records.set(i, new ProofBundle.ProvenRecord(records.get(i).record(), p));
        return with(b, records);
    }

    private static String replaceRecord(ProofBundle b, int i, LineageRecord r) {
        List<ProofBundle.ProvenRecord> records = new ArrayList<>(b.records());
        records.set(i, new ProofBundle.ProvenRecord(r, records.get(i).inclusion()));
        return with(b, records);
    }
}
