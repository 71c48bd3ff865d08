package dev.writ.audit;

import dev.writ.audit.merkle.InclusionProof;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.MerkleTree;
import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.RecordJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.CanonicalJson;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * docs/lineage.md's worked example, its export file and the code agree: every hash is recomputed here
 * from the documented algorithm alone (JCS without prev and hash, the two domain-separated
 * SHA-256 steps), every value the page shows is the computed one, and the example export
 * verifies intact with the documented verifier key.
 */
class LineageSpecExampleTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String doc() throws IOException {
        Path doc = Path.of("..", "docs", "lineage.md");
        assertThat(doc).as("docs/lineage.md (tests run in the module folder)").isRegularFile();
        return Files.readString(doc, StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LineageSpecExampleTest.class.getResourceAsStream("/lineage/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    @Test
    void theDocumentedHashesAreTheOnesTheAlgorithmGives() throws Exception {
        String doc = doc();
        List<String> lines = resource("example.jsonl").lines().toList();
        assertThat(lines).hasSize(3);
        String prev = LineageHash.ZERO_HEX;
        for (String line : lines.subList(1, 3)) {
            assertThat(doc).as("the example line in docs/lineage.md").contains(line);
            JsonObject full = RecordJson.provider().createReader(new StringReader(line)).readObject();
            assertThat(CanonicalJson.text(full)).as("the line is the JCS of the whole record").isEqualTo(line);
            JsonObject content = RecordJson.provider().createObjectBuilder(full).remove("prev").remove("hash").build();
            String jcs = CanonicalJson.text(content);
            byte[] leaf = sha256(new byte[] {0x00}, jcs.getBytes(StandardCharsets.UTF_8));
            String hash = HEX.formatHex(sha256(new byte[] {0x01}, HEX.parseHex(prev), leaf));

            assertThat(full.getString("prev")).isEqualTo(prev);
            assertThat(full.getString("hash")).isEqualTo(hash);
            assertThat(LineageRecord.fromJson(line).hashIsValid()).as("the code agrees").isTrue();
            assertThat(doc).contains(HEX.formatHex(leaf)).contains(hash);
            if (full.getInt("seq") == 0) {
                assertThat(doc).as("the leaf input of seq 0").contains(jcs);
            }
            prev = hash;
        }
    }

    @Test
    void theExampleExportVerifiesWithTheDocumentedVerifierKey() throws Exception {
        String doc = doc();
        String verifierKey = resource("example.verifier-key").strip();
        assertThat(doc).contains(verifierKey);
        CheckpointKey key = CheckpointKey.parse(verifierKey);

        String checkpointLine = resource("example.jsonl").lines().findFirst().orElseThrow();
        assertThat(doc).contains(checkpointLine);
        LineageRecord checkpoint = LineageRecord.fromJson(checkpointLine);
        CheckpointNote.Contents contents = CheckpointNote.verify(checkpoint.note().orElseThrow(), key).orElseThrow();
        assertThat(contents.ts()).isEqualTo(checkpoint.ts());
        String head = resource("example.jsonl").lines().reduce((a, b) -> b).map(LineageRecord::fromJson).orElseThrow().hash();
        assertThat(contents.heads()).containsExactly(new ChainHead("orders#0", 1, head));

        ExportVerdict verdict = LineageAudit.verifyExport(path("example.jsonl"), Optional.of(key), VerifyProgress.none());
        assertThat(verdict.intact()).isTrue();
        assertThat(verdict.chains()).extracting(v -> v.chain() + " " + v.recordsVerified()).containsExactly("checkpoint 1", "orders#0 2");
    }

    @Test
    void theDocumentedMerkleRootAndProofAreTheTreeOverTheExampleChain() throws Exception {
        String doc = doc();
        List<MerkleHash> leaves = new java.util.ArrayList<>();
        for (String line : resource("example.jsonl").lines().toList().subList(1, 3)) {
            JsonObject full = RecordJson.provider().createReader(new StringReader(line)).readObject();
            String content = CanonicalJson.text(RecordJson.provider().createObjectBuilder(full).remove("prev").remove("hash").build());
            leaves.add(MerkleHash.leaf(content.getBytes(StandardCharsets.UTF_8)));
        }
        MerkleTree tree = MerkleTree.of(leaves);
        String root = HEX.formatHex(sha256(new byte[] {0x01}, leaves.get(0).bytes(), leaves.get(1).bytes()));
        assertThat(tree.rootHash().hex()).isEqualTo(root);
        assertThat(doc).contains("with root\n`" + root + "`");
        InclusionProof proof = tree.inclusionProof(0, 2);
        assertThat(doc).contains("For seq 0 of the example: `" + proof.toJson() + "`");
        assertThat(proof.verify(leaves.get(0), tree.rootHash()).isVerified()).isTrue();
    }

    @Test
    void theExampleCheckpointCommitsToTheChainsTreeAndItsLogCheckpointToTheCheckpointRecord() throws Exception {
        String doc = doc();
        CheckpointKey key = CheckpointKey.parse(resource("example.verifier-key"));
        List<String> lines = resource("example.jsonl").lines().toList();
        List<byte[]> leaves = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonObject full = RecordJson.provider().createReader(new StringReader(line)).readObject();
            String content = CanonicalJson.text(RecordJson.provider().createObjectBuilder(full).remove("prev").remove("hash").build());
            leaves.add(sha256(new byte[] {0x00}, content.getBytes(StandardCharsets.UTF_8)));
        }
        String chainRoot = HEX.formatHex(sha256(new byte[] {0x01}, leaves.get(1), leaves.get(2)));
        CheckpointNote.Contents contents = CheckpointNote.verify(LineageRecord.fromJson(lines.get(0)).note().orElseThrow(), key).orElseThrow();
        assertThat(contents.version()).isEqualTo(2);
        assertThat(contents.root("orders#0").orElseThrow().hex()).isEqualTo(chainRoot);

        String log = resource("example.log-checkpoint");
        assertThat(doc).contains("```\n" + log + "```");
        var checkpoint = LogCheckpoints.verify(log, key, "writ-lineage").orElseThrow();
        assertThat(checkpoint.treeSize()).isEqualTo(1);
        // A tree of one leaf: the root is the checkpoint record's leaf hash.
        assertThat(checkpoint.rootHash().bytes()).isEqualTo(leaves.get(0));
        assertThat(LogCheckpoints.verify(log, key, "another-origin")).isEmpty();
    }

    private static Path path(String name) throws URISyntaxException {
        return Path.of(LineageSpecExampleTest.class.getResource("/lineage/" + name).toURI());
    }
}
