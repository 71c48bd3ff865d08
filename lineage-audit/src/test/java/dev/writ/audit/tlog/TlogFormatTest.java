package dev.writ.audit.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.TlogFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every malformed note, signature line, checkpoint, verifier key and witness request is refused with the reason of the rule it breaks. */
class TlogFormatTest {
    private static final String SIG = Base64.getEncoder().encodeToString(new byte[68]);
    private static final String ROOT = MerkleHash.emptyRoot().base64();
    private static final String CHECKPOINT = "writ.example/lineage\n5\n" + ROOT + "\n";
    private static final String NOTE = CHECKPOINT + "\n\u2014 writ.example/lineage " + SIG + "\n";

    private static void refused(Reason reason, String input, Consumer<String> parse) {
        assertThatThrownBy(() -> parse.accept(input)).as(input).isInstanceOfSatisfying(TlogFormatException.class,
                e -> assertThat(e.reason()).as(input + ": " + e.getMessage()).isEqualTo(reason));
    }

    private static void noteRefused(Reason reason, String note) {
        refused(reason, note, SignedNote::parse);
        refused(reason, note, n -> SignedNote.parse(n.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aWellFormedNoteAndCheckpointParse() {
        SignedNote note = SignedNote.parse(NOTE);
        assertThat(note.text()).isEqualTo(CHECKPOINT);
        assertThat(note.format()).isEqualTo(NOTE);
        TlogCheckpoint c = TlogCheckpoint.parse(note.text());
        assertThat(c).isEqualTo(new TlogCheckpoint("writ.example/lineage", 5, MerkleHash.emptyRoot()));
        TlogCheckpoint ext = TlogCheckpoint.parse(CHECKPOINT + "ext one\next two\n");
        assertThat(ext.extensionLines()).containsExactly("ext one", "ext two");
        assertThat(ext.text()).isEqualTo(CHECKPOINT + "ext one\next two\n");
        assertThat(TlogCheckpoint.parse("o\n9223372036854775807\n" + ROOT + "\n").treeSize()).isEqualTo(Long.MAX_VALUE);
        // The spec's limit is at least 16 signature lines; 100 are read.
        assertThat(SignedNote.parse(CHECKPOINT + "\n" + ("\u2014 k " + SIG + "\n").repeat(SignedNote.MAX_SIGNATURES)).signatures()).hasSize(100);
    }

    @Test
    void malformedNotesAreRefusedWithTheirReason() {
        noteRefused(Reason.TOO_LARGE, CHECKPOINT + "x".repeat(SignedNote.MAX_BYTES) + "\n\n\u2014 k " + SIG + "\n");
        noteRefused(Reason.CONTROL_CHARACTER, NOTE.replace("lineage\n5", "lineage\r\n5"));
        noteRefused(Reason.CONTROL_CHARACTER, NOTE.replace(" writ.example", "\twrit.example"));
        noteRefused(Reason.CONTROL_CHARACTER, "a\0\n\n\u2014 k " + SIG + "\n");
        noteRefused(Reason.NO_FINAL_NEWLINE, NOTE.substring(0, NOTE.length() - 1));
        noteRefused(Reason.NO_SIGNATURES, CHECKPOINT);
        noteRefused(Reason.NO_SIGNATURES, NOTE + "\n");
        noteRefused(Reason.NO_SIGNATURES, "\u2014 k " + SIG + "\n");
        noteRefused(Reason.TOO_MANY_SIGNATURES, CHECKPOINT + "\n" + ("\u2014 k " + SIG + "\n").repeat(SignedNote.MAX_SIGNATURES + 1));
        noteRefused(Reason.BAD_SIGNATURE_LINE, NOTE.replace("\u2014 ", "-- "));
        noteRefused(Reason.BAD_SIGNATURE_LINE, NOTE.replace("\u2014 ", "\u2014"));
        noteRefused(Reason.BAD_SIGNATURE_LINE, NOTE.replace("lineage " + SIG, "lineage" + SIG));
        noteRefused(Reason.BAD_SIGNATURE_LINE, NOTE + "not a signature\n");
        noteRefused(Reason.BAD_KEY_NAME, NOTE.replace("\u2014 writ.example/lineage", "\u2014 writ+example"));
        noteRefused(Reason.BAD_KEY_NAME, NOTE.replace("\u2014 writ.example/lineage", "\u2014 writ\u00a0example"));
        noteRefused(Reason.BAD_KEY_NAME, NOTE.replace("\u2014 writ.example/lineage", "\u2014 writ\u2003example"));
        noteRefused(Reason.BAD_KEY_NAME, NOTE.replace("\u2014 writ.example/lineage ", "\u2014  "));
        noteRefused(Reason.BAD_BASE64, NOTE.replace(SIG, SIG + " "));
        noteRefused(Reason.BAD_BASE64, NOTE.replace(SIG, " " + SIG));
        noteRefused(Reason.BAD_BASE64, NOTE.replace(SIG, SIG.replace("=", "")));
        noteRefused(Reason.BAD_BASE64, NOTE.replace(SIG, SIG.substring(0, SIG.length() - 2) + "B="));
        noteRefused(Reason.BAD_BASE64, NOTE.replace(SIG, Base64.getUrlEncoder().encodeToString(new byte[] {-1, -1, -1, -1, -1, -1})));
        noteRefused(Reason.BAD_BASE64, NOTE.replace(" " + SIG, " "));
        noteRefused(Reason.SIGNATURE_TOO_SHORT, NOTE.replace(SIG, Base64.getEncoder().encodeToString(new byte[4])));

        refused(Reason.NOT_UTF8, "", s -> SignedNote.parse(new byte[] {'a', '\n', '\n', (byte) 0xe2, (byte) 0x80, ' ', 'k', ' ', 'A', '\n'}));
        refused(Reason.NOT_UTF8, "", s -> SignedNote.parse(new byte[] {'a', (byte) 0xc0, (byte) 0xaf, '\n', '\n'}));
        refused(Reason.NOT_UTF8, "", s -> SignedNote.parse("a\ud800\n\n\u2014 k " + SIG + "\n"));
        refused(Reason.NOT_UTF8, "", s -> new SignedNote("a\ud800\n", SignedNote.parse(NOTE).signatures()));
        refused(Reason.NOT_UTF8, "", s -> new NoteSignature("k\udc00", 1, new byte[1]));
        refused(Reason.NOT_UTF8, "", s -> new TlogCheckpoint("o\ud800", 1, MerkleHash.emptyRoot()));
    }

    @Test
    void malformedCheckpointsAreRefusedWithTheirReason() {
        refused(Reason.NO_FINAL_NEWLINE, CHECKPOINT.strip(), TlogCheckpoint::parse);
        refused(Reason.TOO_FEW_LINES, "writ.example/lineage\n5\n", TlogCheckpoint::parse);
        refused(Reason.EMPTY_LINE, "writ.example/lineage\n5\n\n" + ROOT + "\n", TlogCheckpoint::parse);
        refused(Reason.EMPTY_LINE, "\n5\n" + ROOT + "\n", TlogCheckpoint::parse);
        refused(Reason.EMPTY_LINE, CHECKPOINT + "ext\n\n", TlogCheckpoint::parse);
        refused(Reason.CONTROL_CHARACTER, "writ.example/lineage\r\n5\n" + ROOT + "\n", TlogCheckpoint::parse);
        for (String size : new String[] {"05", "00", "-1", "+5", " 5", "5 ", "5.0", "0x5", "9223372036854775808", "99999999999999999999",
            "\u0665", "\uff15"}) {
            refused(Reason.BAD_TREE_SIZE, "o\n" + size + "\n" + ROOT + "\n", TlogCheckpoint::parse);
        }
        byte[] root = MerkleHash.emptyRoot().bytes();
        for (String hash : new String[] {MerkleHash.emptyRoot().hex(), ROOT.replace("=", ""), ROOT + " ",
            Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(root, 31)), Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(root, 33)),
            Base64.getUrlEncoder().encodeToString(root), ROOT.substring(0, 42) + "V="}) {
            refused(Reason.BAD_ROOT_HASH, "o\n5\n" + hash + "\n", TlogCheckpoint::parse);
        }
        refused(Reason.EMPTY_LINE, "", s -> new TlogCheckpoint("", 1, MerkleHash.emptyRoot()));
        refused(Reason.EMPTY_LINE, "", s -> new TlogCheckpoint("a\nb", 1, MerkleHash.emptyRoot()));
        refused(Reason.EMPTY_LINE, "", s -> new TlogCheckpoint("o", 1, MerkleHash.emptyRoot(), List.of("")));
        refused(Reason.CONTROL_CHARACTER, "", s -> new TlogCheckpoint("o\t", 1, MerkleHash.emptyRoot()));
        refused(Reason.BAD_TREE_SIZE, "", s -> new TlogCheckpoint("o", -1, MerkleHash.emptyRoot()));
    }

    @Test
    void verifierKeysAreReadStrictly() throws Exception {
        String good = new Ed25519NoteKey("k", java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()).verifierKey();
        assertThat(Ed25519NoteKey.parse(good).verifierKey()).isEqualTo(good);
        String[] p = good.split("\\+", 3);
        for (String bad : new String[] {"", "k", "k+" + p[1], "k+" + p[1].toUpperCase(Locale.ROOT) + "+" + p[2], "k+" + p[1].substring(1) + "+" + p[2],
            "k+" + p[1] + "0+" + p[2], "k+" + p[1] + "+" + p[2].replace("=", "") + "%", "k+" + p[1] + "+AQ=="}) {
            if (!bad.equals(good)) {
                refused(Reason.BAD_VERIFIER_KEY, bad, Ed25519NoteKey::parse);
            }
        }
        refused(Reason.BAD_KEY_NAME, " k+" + p[1] + "+" + p[2], Ed25519NoteKey::parse);
        refused(Reason.WRONG_KEY_TYPE, "k+" + p[1] + "+" + Base64.getEncoder().encodeToString(new byte[34]), Ed25519NoteKey::parse);
        refused(Reason.KEY_ID_MISMATCH, "k2+" + p[1] + "+" + p[2], Ed25519NoteKey::parse);
        refused(Reason.WRONG_KEY_TYPE, good, CosignerKey::parse);
    }

    @Test
    void twoKnownKeysWithOneNameAndKeyIdAreAConfigurationError() throws Exception {
        var a = new Ed25519NoteKey("k", java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
        NoteVerifier twin = new NoteVerifier() {
            @Override
            public String keyName() {
                return "k";
            }

            @Override
            public int keyId() {
                return a.keyId();
            }

            @Override
            public boolean verify(String text, byte[] signature) {
                return true;
            }
        };
        assertThatThrownBy(() -> SignedNote.parse(NOTE).verify(List.of(a, twin))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two known keys are named k");
    }

    @Test
    void everyLineByAKnownKeyMustVerifyEvenARepeatedOne() throws Exception {
        var pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Ed25519NoteKey key = new Ed25519NoteKey("k", pair.getPublic());
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(CHECKPOINT.getBytes(StandardCharsets.UTF_8));
        NoteSignature good = new NoteSignature("k", key.keyId(), s.sign());
        NoteSignature bad = new NoteSignature("k", key.keyId(), new byte[64]);
        NoteSignature unknown = new NoteSignature("stranger", 7, new byte[64]);
        assertThat(new SignedNote(CHECKPOINT, List.of(unknown, good)).verify(List.of(key)).isVerified()).isTrue();
        assertThat(new SignedNote(CHECKPOINT, List.of(good, good)).verify(List.of(key)).verifiedBy()).containsExactly(key);
        assertThat(new SignedNote(CHECKPOINT, List.of(good, bad)).verify(List.of(key)).failure()).contains(NoteVerdict.Reason.BAD_SIGNATURE);
        assertThat(new SignedNote(CHECKPOINT, List.of(bad, good)).verify(List.of(key)).failure()).contains(NoteVerdict.Reason.BAD_SIGNATURE);
        assertThat(new SignedNote(CHECKPOINT, List.of(unknown)).verify(List.of(key)).failure()).contains(NoteVerdict.Reason.NO_KNOWN_SIGNATURE);
        assertThat(new SignedNote(CHECKPOINT, List.of(good)).verify(List.of()).failure()).contains(NoteVerdict.Reason.NO_KNOWN_SIGNATURE);
    }

    private static byte[] request(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void malformedWitnessRequestsAreRefusedWithTheirReason() {
        String h = MerkleHash.emptyRoot().base64();
        AddCheckpointRequest ok = AddCheckpointRequest.parse(request("old 3\n" + h + "\n" + h + "\n\n" + NOTE));
        assertThat(ok.oldSize()).isEqualTo(3);
        assertThat(ok.consistencyProof()).hasSize(2);
        assertThat(ok.body()).isEqualTo("old 3\n" + h + "\n" + h + "\n\n" + NOTE);
        // Old size 0 with a proof, or above the checkpoint's size, is the witness's to refuse (422, 400), not the parser's.
        assertThat(AddCheckpointRequest.parse(request("old 0\n" + h + "\n\n" + NOTE)).oldSize()).isZero();
        assertThat(AddCheckpointRequest.parse(request("old 9\n\n" + NOTE)).consistencyProof()).isEmpty();

        for (String old : new String[] {"old  3", "old 03", "Old 3", "old -1", "old 3 ", "old", "old ", "new 3", "old 3\r", "old \u0663"}) {
            refused(Reason.BAD_OLD_SIZE, old + "\n\n" + NOTE, s -> AddCheckpointRequest.parse(request(s)));
        }
        refused(Reason.BAD_OLD_SIZE, "old 3", s -> AddCheckpointRequest.parse(request(s)));
        for (String line : new String[] {MerkleHash.emptyRoot().hex(), h.replace("=", ""), " " + h, Base64.getEncoder().encodeToString(new byte[33])}) {
            refused(Reason.BAD_PROOF_LINE, "old 3\n" + line + "\n\n" + NOTE, s -> AddCheckpointRequest.parse(request(s)));
        }
        refused(Reason.TOO_MANY_PROOF_LINES, "old 3\n" + (h + "\n").repeat(64) + "\n" + NOTE, s -> AddCheckpointRequest.parse(request(s)));
        assertThat(AddCheckpointRequest.parse(request("old 3\n" + (h + "\n").repeat(63) + "\n" + NOTE)).consistencyProof()).hasSize(63);
        refused(Reason.NO_CHECKPOINT, "old 3\n" + h + "\n", s -> AddCheckpointRequest.parse(request(s)));
        refused(Reason.NO_CHECKPOINT, "old 3\n\n", s -> AddCheckpointRequest.parse(request(s)));
        // Without the empty line the checkpoint's origin is read as a proof line.
        refused(Reason.BAD_PROOF_LINE, "old 3\n" + NOTE, s -> AddCheckpointRequest.parse(request(s)));
        // The checkpoint's own faults keep their reasons.
        refused(Reason.TOO_FEW_LINES, "old 3\n\nonly text\n\n\u2014 k " + SIG + "\n", s -> AddCheckpointRequest.parse(request(s)));
        refused(Reason.NO_SIGNATURES, "old 3\n\n" + CHECKPOINT, s -> AddCheckpointRequest.parse(request(s)));
        refused(Reason.TOO_LARGE, "old 3\n\n" + CHECKPOINT + "x".repeat(AddCheckpointRequest.MAX_BYTES), s -> AddCheckpointRequest.parse(request(s)));
        refused(Reason.NOT_UTF8, "", s -> AddCheckpointRequest.parse(new byte[] {'o', 'l', 'd', ' ', '1', '\n', '\n', (byte) 0xff}));
        List<MerkleHash> tooMany = new ArrayList<>(java.util.Collections.nCopies(64, MerkleHash.emptyRoot()));
        refused(Reason.TOO_MANY_PROOF_LINES, "", s -> new AddCheckpointRequest(3, tooMany, SignedNote.parse(NOTE)));
    }
}
