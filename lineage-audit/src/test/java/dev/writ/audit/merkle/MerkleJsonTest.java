package dev.writ.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The JSON of proofs and frontiers: canonical, hex like the lineage format, and nothing else read. */
class MerkleJsonTest {
    private static final String A = "a".repeat(64);
    private static final String B = "0123456789abcdef".repeat(4);

    private final MerkleTree tree = MerkleTree.of(leaves(11));

    private static List<MerkleHash> leaves(int n) {
        List<MerkleHash> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleHash.leaf(new byte[] {(byte) i}));
        }
        return out;
    }

    @Test
    void proofsAndFrontiersRoundTripAsCanonicalJson() {
        InclusionProof inclusion = tree.inclusionProof(6, 11);
        assertThat(inclusion.toJson()).startsWith("{\"inclusionPath\":[\"" + inclusion.path().get(0).hex() + "\",")
                .endsWith("],\"leafIndex\":6,\"treeSize\":11}");
        assertThat(InclusionProof.parse(inclusion.toJson())).isEqualTo(inclusion);

        ConsistencyProof consistency = tree.consistencyProof(3, 11);
        assertThat(consistency.toJson()).startsWith("{\"consistencyPath\":[\"").endsWith("],\"treeSize1\":3,\"treeSize2\":11}");
        assertThat(ConsistencyProof.parse(consistency.toJson())).isEqualTo(consistency);

        MerkleFrontier frontier = MerkleFrontier.empty().append(leaves(11));
        assertThat(frontier.subtrees()).hasSize(3);
        assertThat(frontier.toJson()).isEqualTo("{\"subtrees\":[\"" + frontier.subtrees().get(0).hex() + "\",\""
                + frontier.subtrees().get(1).hex() + "\",\"" + frontier.subtrees().get(2).hex() + "\"],\"treeSize\":11}");
        assertThat(MerkleFrontier.parse(frontier.toJson())).isEqualTo(frontier);
        assertThat(MerkleFrontier.parse(frontier.toJson()).rootHash()).isEqualTo(tree.rootHash());
        assertThat(MerkleFrontier.empty().toJson()).isEqualTo("{\"subtrees\":[],\"treeSize\":0}");
    }

    @Test
    void anythingButTheDocumentedShapeIsRefusedWithItsReason() {
        String[][] bad = {
            {"[]", "not one JSON object"},
            {"{\"leafIndex\":0,\"treeSize\":1,\"inclusionPath\":[]} x", "not one JSON object"},
            {"{\"leafIndex\":0,\"treeSize\":1}", "exactly the members"},
            {"{\"leafIndex\":0,\"treeSize\":1,\"inclusionPath\":[],\"root\":\"" + A + "\"}", "exactly the members"},
            {"{\"leafIndex\":0,\"leafIndex\":0,\"treeSize\":1,\"inclusionPath\":[]}", "not one JSON object"},
            {"{\"leafIndex\":-1,\"treeSize\":1,\"inclusionPath\":[]}", "leafIndex must be a non-negative integer"},
            {"{\"leafIndex\":0.0,\"treeSize\":1,\"inclusionPath\":[]}", "leafIndex must be a non-negative integer"},
            {"{\"leafIndex\":\"0\",\"treeSize\":1,\"inclusionPath\":[]}", "leafIndex must be a non-negative integer"},
            {"{\"leafIndex\":0,\"treeSize\":18446744073709551615,\"inclusionPath\":[]}", "treeSize must be a non-negative integer below 2^63"},
            {"{\"leafIndex\":0,\"treeSize\":1,\"inclusionPath\":null}", "inclusionPath must be an array"},
            {"{\"leafIndex\":0,\"treeSize\":1,\"inclusionPath\":\"" + A + "\"}", "inclusionPath must be an array"},
            {"{\"leafIndex\":0,\"treeSize\":2,\"inclusionPath\":[\"" + A.toUpperCase(Locale.ROOT) + "\"]}", "inclusionPath[0] is not 64 lower-case hex digits"},
            {"{\"leafIndex\":0,\"treeSize\":2,\"inclusionPath\":[\"" + B + "\",\"" + A.substring(2) + "\"]}", "inclusionPath[1] is not 64"},
            {"{\"leafIndex\":0,\"treeSize\":2,\"inclusionPath\":[null]}", "inclusionPath[0] is not 64"},
            {"{\"leafIndex\":0,\"treeSize\":2,\"inclusionPath\":[" + ("\"" + A + "\",").repeat(128) + "\"" + A + "\"]}", "more than 128 hashes"},
        };
        for (String[] c : bad) {
            assertThatThrownBy(() -> InclusionProof.parse(c[0])).as(c[0]).isInstanceOf(MalformedProofException.class)
                    .hasMessageContaining(c[1]).hasMessageStartingWith("inclusion proof");
        }
        assertThatThrownBy(() -> ConsistencyProof.parse("{\"treeSize1\":1,\"treeSize2\":2,\"inclusionPath\":[]}"))
                .isInstanceOf(MalformedProofException.class).hasMessageContaining("exactly the members [consistencyPath, treeSize1, treeSize2]");
        assertThatThrownBy(() -> MerkleFrontier.parse("{\"treeSize\":3,\"subtrees\":[\"" + A + "\"]}"))
                .isInstanceOf(MalformedProofException.class).hasMessageContaining("must hold 2 subtrees, not 1");
        assertThatThrownBy(() -> MerkleFrontier.parse("{\"treeSize\":0,\"subtrees\":[\"" + A + "\"]}"))
                .isInstanceOf(MalformedProofException.class).hasMessageContaining("must hold 0 subtrees, not 1");
    }

    @Test
    void aHashIsExactlyThirtyTwoBytesInOneSpelling() {
        MerkleHash h = MerkleHash.fromHex(B);
        assertThat(MerkleHash.fromBase64(h.base64())).isEqualTo(h);
        assertThat(MerkleHash.of(h.bytes())).isEqualTo(h).hasSameHashCodeAs(h);
        for (String hex : new String[] {B.toUpperCase(Locale.ROOT), B.substring(1), B + "0", "g" + B.substring(1), " " + B.substring(1)}) {
            assertThatThrownBy(() -> MerkleHash.fromHex(hex)).as(hex).isInstanceOf(IllegalArgumentException.class);
        }
        String b64 = h.base64();
        // Unpadded, other trailing bits, 31 and 33 bytes, URL-safe alphabet, whitespace.
        String otherTrailingBits = b64.substring(0, 42) + (char) (b64.charAt(42) + 1) + "=";
        for (String s : new String[] {b64.substring(0, 43), otherTrailingBits, "A".repeat(40) + "AA==", "A".repeat(44),
            b64.replace('+', '-').replace('/', '_'), " " + b64}) {
            if (!s.equals(b64)) {
                assertThatThrownBy(() -> MerkleHash.fromBase64(s)).as(s).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThatThrownBy(() -> MerkleHash.of(new byte[31])).hasMessageContaining("32 bytes, not 31");
        assertThatThrownBy(() -> MerkleFrontier.of(3, List.of(h))).hasMessageContaining("has 2 frontier subtrees, not 1");
    }
}
