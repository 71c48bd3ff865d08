package dev.writ.audit;

import dev.writ.guard.lineage.internal.ChainHead;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import dev.writ.audit.merkle.MerkleHash;
import org.junit.jupiter.api.Test;

class CheckpointNoteTest {
    private final TestKeys keys = new TestKeys("writ.example/lineage");
    private final List<ChainHead> heads = List.of(new ChainHead("orders#1", 41, "ab".repeat(32)),
            new ChainHead("orders#0", 9, "cd".repeat(32)));

    private String note() {
        return CheckpointNote.sign(CheckpointNote.text("writ-lineage", 1763780000000L, heads), keys.signer, keys.key);
    }

    @Test
    void noteHasC2spShapeAndVerifiesWithThePublicKeyAlone() throws Exception {
        String note = note();
        String[] parts = note.split("\n\n");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo("writ-lineage-checkpoint/v2\nwrit-lineage\n1763780000000\n"
                + "orders#0 9 " + "cd".repeat(32) + "\norders#1 41 " + "ab".repeat(32));
        assertThat(parts[1]).startsWith("\u2014 writ.example/lineage ").endsWith("\n");

        // Check the signature line by the spec, independently of CheckpointNote.verify:
        // base64(4-byte key ID || DER ECDSA over the text), key ID = SHA-256(DER SPKI)[:4].
        byte[] sig = Base64.getDecoder().decode(parts[1].substring(parts[1].lastIndexOf(' ') + 1).trim());
        byte[] spkiHash = MessageDigest.getInstance("SHA-256").digest(keys.jwk.toECPublicKey().getEncoded());
        assertThat(ByteBuffer.wrap(sig, 0, 4).getInt()).isEqualTo(ByteBuffer.wrap(spkiHash, 0, 4).getInt());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(keys.jwk.toECPublicKey());
        v.update((parts[0] + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(sig, 4, sig.length - 4)).isTrue();

        var contents = CheckpointNote.verify(note, keys.key);
        assertThat(contents).isPresent();
        assertThat(contents.get().head("orders#1")).contains(heads.get(0));
        assertThat(contents.get().ts()).isEqualTo(1763780000000L);
    }

    @Test
    void verifierKeyNamesTheKeyIdAndSpki() {
        String vkey = keys.key.verifierKey();
        String[] p = vkey.split("\\+", 3); // the base64 part may itself hold '+'
        assertThat(p[0]).isEqualTo("writ.example/lineage");
        assertThat(p[1]).isEqualTo(HexFormat.of().toHexDigits(keys.key.keyId()));
        assertThat(Base64.getDecoder().decode(p[2])[0]).isEqualTo((byte) 0x02);
    }

    @Test
    void verifierKeyParsesBackToTheSameKeyAndRefusesAMismatchedKeyId() {
        CheckpointKey parsed = CheckpointKey.parse(keys.key.verifierKey() + "\n");
        assertThat(parsed.name()).isEqualTo("writ.example/lineage");
        assertThat(parsed.publicKey()).isEqualTo(keys.key.publicKey());
        assertThat(CheckpointNote.verify(note(), parsed)).isPresent();
        // The base64 part may hold '+', the separator: about three keys in four have one.
        List<CheckpointKey> fresh = java.util.stream.IntStream.range(0, 16).mapToObj(i -> new TestKeys("n").key).toList();
        assertThat(fresh).anyMatch(k -> k.verifierKey().split("\\+", 3)[2].contains("+"))
                .allSatisfy(k -> assertThat(CheckpointKey.parse(k.verifierKey()).publicKey()).isEqualTo(k.publicKey()));

        String[] p = keys.key.verifierKey().split("\\+", 3);
        String otherId = HexFormat.of().toHexDigits(keys.key.keyId() ^ 1);
        for (String bad : new String[] {"", "name", p[0] + "+" + otherId + "+" + p[2], p[0] + "+" + p[1] + "+AAAA",
            p[0] + "+" + p[1] + "+" + Base64.getEncoder().encodeToString(new byte[] {0x01, 0x02}),
            p[0] + "+" + p[1] + "+" + Base64.getEncoder().encodeToString(new byte[] {0x02, 0x30, 0x03, 0x01}), p[0] + "+" + p[1] + "+%%%",
            "bad name+" + p[1] + "+" + p[2]}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CheckpointKey.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void editedTextDoesNotVerify() {
        assertThat(CheckpointNote.verify(note().replace("orders#1 41", "orders#1 40"), keys.key)).isEmpty();
    }

    @Test
    void noteSignedByAnotherKeyDoesNotVerify() {
        TestKeys other = new TestKeys("writ.example/lineage");
        String forged = CheckpointNote.sign(CheckpointNote.text("writ-lineage", 1, heads), other.signer, other.key);
        assertThat(CheckpointNote.verify(forged, keys.key)).isEmpty();
    }

    @Test
    void signatureUnderOurNameAndIdThatFailsRejectsTheNote() {
        String note = note();
        int at = note.lastIndexOf(' ') + 1;
        byte[] sig = Base64.getDecoder().decode(note.substring(at).trim());
        sig[sig.length - 1] ^= 1;
        String bad = note.substring(0, at) + Base64.getEncoder().encodeToString(sig) + "\n";
        assertThat(CheckpointNote.verify(bad, keys.key)).isEmpty();
    }

    @Test
    void v2LinesCarryTreeRootsAndV1NotesStillVerify() {
        MerkleHash root = MerkleHash.leaf(new byte[] {1});
        String v2 = CheckpointNote.sign(CheckpointNote.text("writ-lineage", 5, heads, Map.of("orders#1", root)), keys.signer, keys.key);
        assertThat(v2).contains("orders#1 41 " + "ab".repeat(32) + " " + root.hex() + "\n").contains("orders#0 9 " + "cd".repeat(32) + "\n");
        CheckpointNote.Contents c = CheckpointNote.verify(v2, keys.key).orElseThrow();
        assertThat(c.version()).isEqualTo(2);
        assertThat(c.root("orders#1")).contains(root);
        assertThat(c.root("orders#0")).isEmpty();

        String v1Text = "writ-lineage-checkpoint/v1\nwrit-lineage\n5\norders#1 41 " + "ab".repeat(32) + "\n";
        CheckpointNote.Contents old = CheckpointNote.verify(CheckpointNote.sign(v1Text, keys.signer, keys.key), keys.key).orElseThrow();
        assertThat(old.version()).isEqualTo(1);
        assertThat(old.head("orders#1")).contains(heads.get(0));
        assertThat(old.roots()).isEmpty();
        // A v1 note has no root field; a fourth field there is not a root but a malformed line.
        String v1WithRoot = "writ-lineage-checkpoint/v1\nwrit-lineage\n5\norders#1 41 " + "ab".repeat(32) + " " + root.hex() + "\n";
        assertThat(CheckpointNote.verify(CheckpointNote.sign(v1WithRoot, keys.signer, keys.key), keys.key)).isEmpty();
        // One chain pinned twice is ambiguous: refused.
        String twice = CheckpointNote.text("writ-lineage", 5, heads) + "orders#1 42 " + "ab".repeat(32) + "\n";
        assertThat(CheckpointNote.verify(CheckpointNote.sign(twice, keys.signer, keys.key), keys.key)).isEmpty();
    }

    @Test
    void signedTextWithABlankLineAfterTheHeadsIsRejected() {
        String text = CheckpointNote.text("writ-lineage", 1763780000000L, heads);
        for (String padded : new String[] {text + "\n", text + "\n\n"}) {
            String note = CheckpointNote.sign(padded, keys.signer, keys.key);
            assertThat(CheckpointNote.verify(note, keys.key)).as(padded).isEmpty();
        }
    }

    @Test
    void timesAndSeqsAreAsciiDecimalsWithoutSignOrLeadingZeros() {
        String head = " " + "ab".repeat(32) + "\n";
        String zero = "writ-lineage-checkpoint/v2\nwrit-lineage\n0\norders#1 0" + head;
        assertThat(CheckpointNote.verify(CheckpointNote.sign(zero, keys.signer, keys.key), keys.key)).isPresent();
        // Long.parseLong reads every one of these (the last: Arabic-Indic digits) as a number.
        for (String n : new String[] {"+5", "05", "00", "-0", "-5", "9223372036854775808", "\u0665", ""}) {
            String badTs = "writ-lineage-checkpoint/v2\nwrit-lineage\n" + n + "\norders#1 5" + head;
            String badSeq = "writ-lineage-checkpoint/v2\nwrit-lineage\n5\norders#1 " + n + head;
            assertThat(CheckpointNote.verify(CheckpointNote.sign(badTs, keys.signer, keys.key), keys.key)).as("ts " + n).isEmpty();
            assertThat(CheckpointNote.verify(CheckpointNote.sign(badSeq, keys.signer, keys.key), keys.key)).as("seq " + n).isEmpty();
        }
    }

    @Test
    void hostileNotesAreRejected() {
        String good = note();
        for (String bad : new String[] {"", "\n", "no blank line\n", good.replace("\n\n", "\n"), good.replace("\u2014", "-"),
            good + "junk", good.replace("writ-lineage-checkpoint/v2", "other"), good.replace("\n", "\r\n")}) {
            assertThat(CheckpointNote.verify(bad, keys.key)).as(bad).isEmpty();
        }
    }
}
