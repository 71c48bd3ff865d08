package dev.writ.audit.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.merkle.MerkleHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ed25519 cosignature/v1 against the Go reference implementations (src/test/resources/c2sp-go):
 * their notes verify here, and Writ's signer, given the same key and time, writes the very same
 * line (Ed25519 is deterministic).
 */
class CosignatureTest {
    private final Map<String, String> keys = Resources.text("/c2sp-go/keys.txt").lines()
            .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1)));
    private final Ed25519NoteKey log = Ed25519NoteKey.parse(keys.get("log"));
    private final CosignerKey witness = CosignerKey.parse(keys.get("witness"));

    private static SignedNote goNote(int n) {
        return SignedNote.parse(Resources.bytes("/c2sp-go/go-cosigned-checkpoint-" + n + ".txt"));
    }

    @Test
    void notesSignedAndCosignedByGoVerify() {
        for (int n = 1; n <= 2; n++) {
            SignedNote note = goNote(n);
            NoteVerdict verdict = note.verify(List.of(log, witness));
            assertThat(verdict.isVerified()).as(verdict.toString()).isTrue();
            assertThat(verdict.verifiedBy()).containsExactly(log, witness);
            assertThat(note.verify(List.of(witness)).isVerified()).isTrue();
            Cosignature c = Cosignature.of(note.signatures().get(1));
            assertThat(witness.verify(note.text(), c)).isTrue();
            assertThat(c.timestamp()).isBetween(1_700_000_000L, 4_000_000_000L);
        }
        TlogCheckpoint first = TlogCheckpoint.parse(goNote(1).text());
        assertThat(first.treeSize()).isEqualTo(7);
        assertThat(first.rootHash().hex()).isEqualTo("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c");
        assertThat(TlogCheckpoint.parse(goNote(2).text()).extensionLines()).containsExactly("an extension line");
    }

    @Test
    void writsSignerWritesTheGoLineGivenTheSameKeyAndTime() throws Exception {
        byte[] seed = MessageDigest.getInstance("SHA-256").digest("writ test witness key".getBytes(StandardCharsets.UTF_8));
        KeyPair pair = new KeyPair(witness.publicKey(), KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
        CosignatureSigner signer = new CosignatureSigner("witness.writ.example/w1", pair);
        assertThat(signer.key().verifierKey()).isEqualTo(keys.get("witness"));
        for (int n = 1; n <= 2; n++) {
            SignedNote note = goNote(n);
            Cosignature go = Cosignature.of(note.signatures().get(1));
            Cosignature ours = signer.sign(TlogCheckpoint.parse(note.text()), go.timestamp());
            assertThat(ours.line()).isEqualTo(go.line());
        }
    }

    @Test
    void theCosignatureCoversTimeTextAndExtensionLines() {
        SignedNote note = goNote(2);
        Cosignature c = Cosignature.of(note.signatures().get(1));
        String withoutExtension = note.text().replace("an extension line\n", "");
        assertThat(witness.verify(withoutExtension, c)).isFalse();
        assertThat(witness.verify(note.text().replace("\n8\n", "\n9\n"), c)).isFalse();
        Cosignature otherTime = new Cosignature(c.keyName(), c.keyId(), c.timestamp() + 1, c.signature());
        assertThat(witness.verify(note.text(), otherTime)).isFalse();
        SignedNote replayed = new SignedNote(note.text(), List.of(note.signatures().get(0), otherTime.toNoteSignature()));
        assertThat(replayed.verify(List.of(log, witness)).failure()).contains(NoteVerdict.Reason.BAD_SIGNATURE);
        // A cosignature moved to another checkpoint of the same log does not verify there.
        SignedNote moved = new SignedNote(goNote(1).text(), List.of(goNote(1).signatures().get(0), note.signatures().get(1)));
        assertThat(moved.verify(List.of(log, witness)).failure()).contains(NoteVerdict.Reason.BAD_SIGNATURE);
        // The log's key verifies the log's line only: a witness line under the log's name and ID fails.
        SignedNote impostor = new SignedNote(note.text(), List.of(new NoteSignature(log.keyName(), log.keyId(), c.toNoteSignature().signature())));
        assertThat(impostor.verify(List.of(log)).failure()).contains(NoteVerdict.Reason.BAD_SIGNATURE);
    }

    @Test
    void aFreshSignerRoundTripsThroughNoteAndVerifierKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        CosignatureSigner signer = new CosignatureSigner("witness.example/fresh", pair);
        TlogCheckpoint checkpoint = new TlogCheckpoint("writ.example/lineage", 0, MerkleHash.emptyRoot());
        Cosignature c = signer.sign(checkpoint, 1_800_000_000L);
        CosignerKey parsed = CosignerKey.parse(signer.key().verifierKey());
        assertThat(parsed).isEqualTo(signer.key());

        // Key ID by the spec's formula, computed here: SHA-256(name || 0x0A || 0x04 || 32-byte key)[:4].
        byte[] raw = Arrays.copyOfRange(pair.getPublic().getEncoded(), 12, 44);
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update("witness.example/fresh\n".getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0x04);
        d.update(raw);
        assertThat(parsed.keyId()).isEqualTo(ByteBuffer.wrap(d.digest()).getInt());
        byte[] line = Base64.getDecoder().decode(c.line().substring(c.line().lastIndexOf(' ') + 1));
        assertThat(line).hasSize(76);
        assertThat(ByteBuffer.wrap(line, 4, 8).getLong()).isEqualTo(1_800_000_000L);

        SignedNote note = new SignedNote(checkpoint.text(), List.of(c.toNoteSignature()));
        assertThat(SignedNote.parse(note.format()).verify(List.of(parsed)).verifiedBy()).containsExactly(parsed);
        assertThat(note.format()).isEqualTo("writ.example/lineage\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n" + c.line() + "\n");
    }

    @Test
    void keysAndSignersRefuseWhatTheyCannotStandBehind() throws Exception {
        // A 0x01 key where a cosigner key is expected (Go's verifier would take it as 0x04; Writ does not guess).
        assertThatThrownBy(() -> CosignerKey.parse(keys.get("log"))).isInstanceOfSatisfying(TlogFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(TlogFormatException.Reason.WRONG_KEY_TYPE));
        String[] p = keys.get("witness").split("\\+", 3);
        assertThatThrownBy(() -> CosignerKey.parse("witness.writ.example/w2+" + p[1] + "+" + p[2])).isInstanceOfSatisfying(TlogFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(TlogFormatException.Reason.KEY_ID_MISMATCH));

        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> new CosignatureSigner("w", new KeyPair(pair.getPublic(), other.getPrivate())))
                .hasMessageContaining("not the public key's");
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThatThrownBy(() -> new CosignatureSigner("w", ec)).hasMessageContaining("not an Ed25519 public key");
        assertThatThrownBy(() -> new CosignatureSigner("w w", pair)).isInstanceOf(TlogFormatException.class);
        CosignatureSigner signer = new CosignatureSigner("w", pair);
        TlogCheckpoint checkpoint = new TlogCheckpoint("o", 0, MerkleHash.emptyRoot());
        assertThatThrownBy(() -> signer.sign(checkpoint, 0)).hasMessageContaining("timestamp above 0");

        Cosignature c = signer.sign(checkpoint, 5);
        byte[] sig = c.toNoteSignature().signature();
        for (byte[] bad : new byte[][] {Arrays.copyOf(sig, 71), Arrays.copyOf(sig, 73)}) {
            assertThatThrownBy(() -> Cosignature.of(new NoteSignature("w", c.keyId(), bad))).isInstanceOfSatisfying(TlogFormatException.class,
                    e -> assertThat(e.reason()).isEqualTo(TlogFormatException.Reason.BAD_COSIGNATURE));
            assertThat(signer.key().verify(checkpoint.text(), bad)).isFalse();
        }
        sig[0] = (byte) 0x80;
        assertThatThrownBy(() -> Cosignature.of(new NoteSignature("w", c.keyId(), sig))).isInstanceOfSatisfying(TlogFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(TlogFormatException.Reason.TIMESTAMP_OUT_OF_RANGE));
    }
}
