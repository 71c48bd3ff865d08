package dev.writ.audit.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.merkle.MerkleHash;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of the C2SP specifications (src/test/resources/c2sp, see its README) read, verify and write back as the specs show them. */
class C2spExamplesTest {

    @Test
    void theSignedNoteExampleKeyVerifiesTheExampleNote() {
        String vkey = Resources.text("/c2sp/signed-note-example.vkey").strip();
        Ed25519NoteKey key = Ed25519NoteKey.parse(vkey);
        assertThat(key.keyName()).isEqualTo("example.com/foo");
        // The key ID the spec prints is the one its recommended derivation gives.
        assertThat(NoteSignature.hex(key.keyId())).isEqualTo("530d903a");
        assertThat(key.verifierKey()).isEqualTo(vkey);

        String text = Resources.text("/c2sp/signed-note-example.note");
        SignedNote note = SignedNote.parse(text);
        assertThat(note.text()).isEqualTo("This is an example message.\n");
        assertThat(note.format()).isEqualTo(text);
        NoteVerdict verdict = note.verify(List.of(key));
        assertThat(verdict.isVerified()).as(verdict.toString()).isTrue();
        assertThat(verdict.verifiedBy()).containsExactly(key);

        SignedNote edited = SignedNote.parse(text.replace("example message.", "example message!"));
        assertThat(edited.verify(List.of(key)).failure()).contains(NoteVerdict.Reason.BAD_SIGNATURE);
        byte[] sig = note.signatures().get(0).signature();
        sig[10] ^= 1;
        SignedNote forged = new SignedNote(note.text(), List.of(new NoteSignature("example.com/foo", key.keyId(), sig)));
        assertThat(forged.verify(List.of(key)).failure()).contains(NoteVerdict.Reason.BAD_SIGNATURE);
        // Same name, other key ID: another key, ignored; nothing known verified it.
        SignedNote otherId = new SignedNote(note.text(), List.of(new NoteSignature("example.com/foo", key.keyId() + 1, sig)));
        assertThat(otherId.verify(List.of(key)).failure()).contains(NoteVerdict.Reason.NO_KNOWN_SIGNATURE);
    }

    @Test
    void theOpeningNoteSplitsAtItsLastBlankLine() {
        SignedNote note = SignedNote.parse(Resources.bytes("/c2sp/signed-note-intro.note"));
        assertThat(note.text()).isEqualTo("Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n");
        assertThat(note.signatures()).singleElement().satisfies(s -> {
            assertThat(s.keyName()).isEqualTo("quasimodo.example/salvatore");
            assertThat(NoteSignature.hex(s.keyId())).isEqualTo("367ba04b");
            assertThat(s.signature()).hasSize(64);
        });
        Ed25519NoteKey unrelated = Ed25519NoteKey.parse(Resources.text("/c2sp/signed-note-example.vkey").strip());
        assertThat(note.verify(List.of(unrelated)).failure()).contains(NoteVerdict.Reason.NO_KNOWN_SIGNATURE);
    }

    @Test
    void theCheckpointExampleReadsAndWritesBack() {
        String text = Resources.text("/c2sp/tlog-checkpoint-example.note");
        SignedNote note = SignedNote.parse(text);
        TlogCheckpoint checkpoint = TlogCheckpoint.parse(note.text());
        assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(checkpoint.treeSize()).isEqualTo(20852163L);
        assertThat(checkpoint.rootHash()).isEqualTo(MerkleHash.fromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
        assertThat(checkpoint.extensionLines()).isEmpty();
        assertThat(checkpoint.text()).isEqualTo(note.text());
        assertThat(note.format()).isEqualTo(text);
        assertThat(note.signatures()).singleElement().satisfies(s -> assertThat(s.keyName()).isEqualTo(checkpoint.origin()));
    }

    @Test
    void theCosignatureExampleHasTheDocumentedKeyIdTimeAndSignedMessage() {
        SignedNote note = SignedNote.parse(Resources.text("/c2sp/tlog-cosignature-example.note"));
        assertThat(note.signatures()).hasSize(2);
        Cosignature cosignature = Cosignature.of(note.signatures().get(1));
        assertThat(cosignature.keyName()).isEqualTo("witness.example.com/w1");
        assertThat(NoteSignature.hex(cosignature.keyId())).isEqualTo("8d66cf3f");
        assertThat(cosignature.timestamp()).isEqualTo(1679315147L);
        assertThat(cosignature.line()).isEqualTo(note.signatures().get(1).line());
        // The log's own signature is 64 bytes after the key ID: not a cosignature/v1.
        assertThatThrownBy(() -> Cosignature.of(note.signatures().get(0)))
                .isInstanceOfSatisfying(TlogFormatException.class, e -> assertThat(e.reason()).isEqualTo(TlogFormatException.Reason.BAD_COSIGNATURE));

        byte[] message = CosignerKey.signedMessage(cosignature.timestamp(), TlogCheckpoint.parse(note.text()).text());
        assertThat(message).isEqualTo(Resources.bytes("/c2sp/tlog-cosignature-signed-message.txt"));
    }

    @Test
    void theWitnessRequestExampleReadsAndWritesBack() {
        byte[] body = Resources.bytes("/c2sp/tlog-witness-add-checkpoint-request.txt");
        AddCheckpointRequest request = AddCheckpointRequest.parse(body);
        assertThat(request.oldSize()).isEqualTo(20852014L);
        assertThat(request.consistencyProof()).hasSize(4).first().isEqualTo(MerkleHash.fromBase64("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw="));
        assertThat(request.checkpoint().treeSize()).isEqualTo(20852163L);
        assertThat(request.checkpointNote().signatures()).extracting(s -> NoteSignature.hex(s.keyId())).containsExactly("033de0ae", "a292ea05");
        assertThat(request.toConsistencyProof().treeSize1()).isEqualTo(20852014L);
        assertThat(request.toConsistencyProof().treeSize2()).isEqualTo(20852163L);
        assertThat(request.body()).isEqualTo(NoteText.utf8(body));
    }

    @Test
    void theWitnessResponseExampleIsSignatureLinesWithPlaceholderTimestamps() {
        List<String> lines = Resources.text("/c2sp/tlog-witness-add-checkpoint-response.txt").lines().toList();
        assertThat(lines).hasSize(3);
        List<NoteSignature> signatures = lines.stream().map(NoteSignature::parse).toList();
        assertThat(signatures).extracting(NoteSignature::keyName).containsExactly("witness.example/w1", "witness.example/w1", "witness.example/w2");
        assertThat(signatures).allSatisfy(s -> assertThat(s.signature()).hasSize(Cosignature.BYTES));
        // Two of the three placeholders decode to a time above 2^63 - 1, which tlog-cosignature forbids.
        for (NoteSignature s : signatures.subList(0, 2)) {
            assertThatThrownBy(() -> Cosignature.of(s)).isInstanceOfSatisfying(TlogFormatException.class,
                    e -> assertThat(e.reason()).isEqualTo(TlogFormatException.Reason.TIMESTAMP_OUT_OF_RANGE));
        }
        assertThat(Cosignature.of(signatures.get(2)).timestamp()).isEqualTo(2970657736413210787L);
        // A client may append the response to its checkpoint and verify the whole as one note.
        SignedNote checkpoint = SignedNote.parse(Resources.text("/c2sp/tlog-checkpoint-example.note"));
        assertThat(checkpoint.plus(signatures).signatures()).hasSize(4);
        assertThat(HexFormat.of().toHexDigits(signatures.get(2).keyId())).isEqualTo("016ba2f1");
    }
}
