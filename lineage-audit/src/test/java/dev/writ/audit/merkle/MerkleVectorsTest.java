package dev.writ.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every RFC 9162 vector transparency-dev/merkle publishes (src/test/resources/merkle, see its
 * README): each inclusion and consistency probe, valid and invalid, gives the verdict upstream
 * expects; the trees of size 0 to 8 over upstream's leaf inputs have upstream's roots and compact
 * ranges; and the proofs Writ generates are the published happy-path proofs.
 */
class MerkleVectorsTest {
    private static final int INCLUSION_FILES = 98;
    private static final int CONSISTENCY_FILES = 98;
    private static final Set<String> INCLUSION_MEMBERS = Set.of("leafIdx", "treeSize", "root", "leafHash", "proof", "desc", "wantErr");
    private static final Set<String> CONSISTENCY_MEMBERS = Set.of("size1", "size2", "root1", "root2", "proof", "desc", "wantErr");
    /**
     * Where Writ is stricter than upstream, by design: every hash is 32 bytes (research note §1.3).
     * Upstream accepts equal sizes with equal roots without looking at them, here 12-byte strings.
     */
    private static final Set<String> STRICTER = Set.of("consistency/additional/sizes-are-equal-one-and-proof-is-empty.json");

    @Test
    void everyVendoredFileIsOneCase() {
        assertThat(probeFiles("inclusion")).hasSize(INCLUSION_FILES).allSatisfy(f -> assertThat(probe(f).keySet()).isEqualTo(INCLUSION_MEMBERS));
        assertThat(probeFiles("consistency")).hasSize(CONSISTENCY_FILES).allSatisfy(f -> assertThat(probe(f).keySet()).isEqualTo(CONSISTENCY_MEMBERS));
    }

    @TestFactory
    Stream<DynamicTest> inclusionProbes() {
        List<Path> files = probeFiles("inclusion");
        assertThat(files).hasSize(INCLUSION_FILES);
        return files.stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
            Map<String, Object> p = probe(f);
            boolean wantError = (Boolean) p.get("wantErr");
            String verdict = inclusionVerdict(p);
            assertThat(verdict.equals("VERIFIED")).as(name(f) + " gave " + verdict).isEqualTo(!wantError);
        }));
    }

    @TestFactory
    Stream<DynamicTest> consistencyProbes() {
        List<Path> files = probeFiles("consistency");
        assertThat(files).hasSize(CONSISTENCY_FILES);
        return files.stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
            Map<String, Object> p = probe(f);
            boolean wantError = (Boolean) p.get("wantErr") || STRICTER.contains(name(f));
            String verdict = consistencyVerdict(p);
            assertThat(verdict.equals("VERIFIED")).as(name(f) + " gave " + verdict).isEqualTo(!wantError);
        }));
    }

    @Test
    void theStricterCaseIsRefusedForItsHashLengthAlone() {
        Map<String, Object> p = probe(root().resolve(STRICTER.iterator().next()));
        assertThat(consistencyVerdict(p)).startsWith("MALFORMED");
        assertThat(base64(p.get("root1"))).hasSize(12);
        // With 32-byte roots in their place the same case verifies: only the length is in question.
        MerkleHash r = MerkleHash.leaf(new byte[0]);
        assertThat(new ConsistencyProof(1, 1, List.of()).verify(r, r).isVerified()).isTrue();
    }

    @Test
    void treesOfSizeZeroToEightHaveTheUpstreamRootsAndCompactRanges() {
        Constants constants = Constants.read();
        assertThat(constants.leaves).hasSize(8);
        assertThat(constants.roots).hasSize(9);
        assertThat(constants.roots.get(0)).isEqualTo(MerkleHash.emptyRoot()).isEqualTo(constants.emptyRoot);
        MerkleTree tree = MerkleTree.of(constants.leaves);
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (int n = 0; n <= 8; n++) {
            assertThat(MerkleTree.of(constants.leaves.subList(0, n)).rootHash()).as("MTH of size %d", n).isEqualTo(constants.roots.get(n));
            assertThat(tree.rootHash(n)).as("root of the earlier size %d", n).isEqualTo(constants.roots.get(n));
            assertThat(frontier.size()).isEqualTo(n);
            assertThat(frontier.subtrees()).as("compact range of size %d", n).isEqualTo(constants.compactTrees.get(n));
            assertThat(frontier.rootHash()).isEqualTo(constants.roots.get(n));
            if (n < 8) {
                frontier = frontier.append(List.of(constants.leaves.get(n)));
            }
        }
        // Every complete subtree upstream lists is the tree's hash of that range.
        for (int level = 0; level < constants.nodes.size(); level++) {
            for (int i = 0; i < constants.nodes.get(level).size(); i++) {
                int width = 1 << level;
                MerkleTree sub = MerkleTree.of(constants.leaves.subList(i * width, (i + 1) * width));
                assertThat(sub.rootHash()).as("node %d/%d", level, i).isEqualTo(constants.nodes.get(level).get(i));
            }
        }
    }

    @Test
    void generatedProofsAreThePublishedHappyPaths() {
        Constants constants = Constants.read();
        MerkleTree tree = MerkleTree.of(constants.leaves);
        int inclusion = 0;
        for (Path f : probeFiles("inclusion")) {
            Map<String, Object> p = probe(f);
            long size = number(p.get("treeSize"));
            if (p.get("desc").equals("happy path") && size <= 8 && MerkleHash.of(base64(p.get("root"))).equals(constants.roots.get((int) size))) {
                long index = number(p.get("leafIdx"));
                assertThat(tree.leaf(index)).isEqualTo(MerkleHash.of(base64(p.get("leafHash"))));
                assertThat(tree.inclusionProof(index, size).path()).as(name(f)).isEqualTo(hashes(p.get("proof")));
                inclusion++;
            }
        }
        int consistency = 0;
        for (Path f : probeFiles("consistency")) {
            Map<String, Object> p = probe(f);
            long size2 = number(p.get("size2"));
            if (p.get("desc").equals("happy path") && size2 <= 8 && MerkleHash.of(base64(p.get("root2"))).equals(constants.roots.get((int) size2))) {
                assertThat(tree.consistencyProof(number(p.get("size1")), size2).path()).as(name(f)).isEqualTo(hashes(p.get("proof")));
                consistency++;
            }
        }
        // proofgen's five inclusion and five consistency vectors all come from those 8 leaves.
        assertThat(inclusion).isEqualTo(5);
        assertThat(consistency).isEqualTo(5);
    }

    /** The verdict Writ gives a probe: VERIFIED, a ProofVerdict reason, or MALFORMED when a value cannot even be read. */
    private static String inclusionVerdict(Map<String, Object> p) {
        try {
            InclusionProof proof = new InclusionProof(size(p.get("leafIdx")), size(p.get("treeSize")), hashes(p.get("proof")));
            return outcome(proof.verify(MerkleHash.of(base64(p.get("leafHash"))), MerkleHash.of(base64(p.get("root")))));
        } catch (IllegalArgumentException e) {
            return "MALFORMED " + e.getMessage();
        }
    }

    private static String consistencyVerdict(Map<String, Object> p) {
        try {
            ConsistencyProof proof = new ConsistencyProof(size(p.get("size1")), size(p.get("size2")), hashes(p.get("proof")));
            return outcome(proof.verify(MerkleHash.of(base64(p.get("root1"))), MerkleHash.of(base64(p.get("root2")))));
        } catch (IllegalArgumentException e) {
            return "MALFORMED " + e.getMessage();
        }
    }

    private static String outcome(ProofVerdict v) {
        return v.isVerified() ? "VERIFIED" : v.failure().orElseThrow().name();
    }

    /** A uint64 from upstream; one that does not fit a Java long (upstream's 0 - 1) is no Writ tree size. */
    private static long size(Object n) {
        if (!(n instanceof Integer || n instanceof Long)) {
            throw new IllegalArgumentException("size " + n + " is beyond 2^63 - 1");
        }
        return ((Number) n).longValue();
    }

    private static long number(Object n) {
        return ((Number) n).longValue();
    }

    private static List<MerkleHash> hashes(Object proof) {
        List<MerkleHash> out = new ArrayList<>();
        if (proof != null) {
            for (Object h : (List<?>) proof) {
                out.add(MerkleHash.of(base64(h)));
            }
        }
        return out;
    }

    private static byte[] base64(Object s) {
        return Base64.getDecoder().decode((String) s);
    }

    private static Path root() {
        try {
            return Path.of(MerkleVectorsTest.class.getResource("/merkle/testdata").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> probeFiles(String kind) {
        try (Stream<Path> files = Files.walk(root().resolve(kind))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path file) {
        return root().relativize(file).toString().replace('\\', '/');
    }

    private static Map<String, Object> probe(Path file) {
        try {
            assertThat(file.toString()).endsWith(".json");
            return Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex values of upstream's testonly/constants.go, read from the vendored file itself. */
    private record Constants(List<MerkleHash> leaves, List<List<MerkleHash>> nodes, List<MerkleHash> roots,
            List<List<MerkleHash>> compactTrees, MerkleHash emptyRoot) {
        private static final Pattern HD = Pattern.compile("hd\\(\"([0-9a-f]*)\"\\)");

        static Constants read() {
            String go;
            try {
                go = new String(MerkleVectorsTest.class.getResourceAsStream("/merkle/testonly/constants.go").readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<MerkleHash> leaves = hd(body(go, "LeafInputs")).stream().map(HexFormat.of()::parseHex).map(MerkleHash::leaf).toList();
            List<List<MerkleHash>> nodes = new ArrayList<>();
            for (String level : body(go, "NodeHashes").split("\\}, \\{")) {
                nodes.add(hd(level).stream().map(MerkleVectorsTest.Constants::hash).toList());
            }
            assertThat(nodes).extracting(List::size).containsExactly(8, 4, 2, 1);
            MerkleHash empty = hash(hd(body(go, "EmptyRootHash")).get(0));
            String rootsBody = body(go, "RootHashes");
            assertThat(rootsBody).contains("return [][]byte{\n\t\tEmptyRootHash(),\n");
            List<MerkleHash> roots = new ArrayList<>(List.of(empty));
            hd(rootsBody).forEach(h -> roots.add(hash(h)));
            List<List<MerkleHash>> compact = new ArrayList<>();
            Pattern ref = Pattern.compile("nh\\[(\\d)\\]\\[(\\d)\\]");
            for (String line : body(go, "CompactTrees").lines().map(String::strip).filter(l -> l.startsWith("nil") || l.startsWith("{")).toList()) {
                List<MerkleHash> range = new ArrayList<>();
                Matcher m = ref.matcher(line);
                while (m.find()) {
                    range.add(nodes.get(Integer.parseInt(m.group(1))).get(Integer.parseInt(m.group(2))));
                }
                compact.add(range);
            }
            assertThat(compact).hasSize(9);
            return new Constants(leaves, nodes, roots, compact, empty);
        }

        private static String body(String go, String function) {
            int start = go.indexOf("\nfunc " + function + "() ");
            assertThat(start).as(function).isNotNegative();
            return go.substring(start, go.indexOf("\n}\n", start));
        }

        private static List<String> hd(String body) {
            List<String> out = new ArrayList<>();
            Matcher m = HD.matcher(body);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        private static MerkleHash hash(String hex) {
            return MerkleHash.fromHex(hex);
        }
    }
}
