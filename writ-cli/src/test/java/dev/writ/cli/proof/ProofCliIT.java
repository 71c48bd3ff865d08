package dev.writ.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.cli.LineageTableFixture;
import dev.writ.core.json.CanonicalJson;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code writ proof export} against DynamoDB Local, then {@code writ proof verify} offline on the
 * file: it verifies, and each edit of the file or of the trust is refused with its own reason and
 * exit 4.
 */
class ProofCliIT extends LineageTableFixture {

    /** Execution e1 (a verification on one chain, its outcome on another) among others, then a checkpoint. */
    @BeforeEach
    void lineage() {
        for (int i = 0; i < 6; i++) {
            chain0.append(orders(LineageRecord.Type.OUTCOME, "x" + i).build());
            chain1.append(orders(LineageRecord.Type.OUTCOME, "y" + i).build());
        }
        chain0.append(orders(LineageRecord.Type.VERIFICATION, "e1").build());
        chain1.append(orders(LineageRecord.Type.OUTCOME, "e1").build());
        chain0.append(orders(LineageRecord.Type.OUTCOME, "x6").build());
        assertThat(run("keys", "new", "--out", dir.resolve("other").toString(), "--alg", "ES256")).as(err).isZero();
        checkpoint();
    }

    private Path exported() {
        Path proof = dir.resolve("proof.json");
        assertThat(run("proof", "export", "e1", "--table", table, "--jwks", jwks(),
                "--out", proof.toString(), "--trust-out", dir.resolve("trust.json").toString())).as(err).isZero();
        return proof;
    }

    private int verify(Path proof, String trust) {
        return run("proof", "verify", proof.toString(), "--trust", dir.resolve(trust).toString());
    }

    private void assertRefused(String reason) {
        assertThat(Json.parseObject(out)).containsEntry("verified", false).containsEntry("reason", reason);
    }

    @Test
    void anExportedBundleVerifiesOfflineAndSaysWhatItProves() {
        Path proof = exported();
        assertThat(err).contains("2 records of e1 proven against checkpoint 0");
        ddb.deleteTable(r -> r.tableName(table)); // offline: nothing but the two files
        assertThat(verify(proof, "trust.json")).as(out + err).isZero();
        Map<String, Object> report = Json.parseObject(out);
        assertThat(report).containsEntry("verified", true).containsEntry("execId", "e1").containsEntry("origin", table);
        assertThat((List<?>) report.get("records")).hasSize(2);
        assertThat((List<?>) report.get("notProven")).isNotEmpty();
    }

    @Test
    void anEditedRecordAWrongProofAndACutFileAreEachRefusedWithTheirReason() throws Exception {
        Path proof = exported();
        String json = Files.readString(proof);

        edit(proof, json, b -> record(b, 0).put("principal", "mallory"));
        assertThat(verify(proof, "trust.json")).isEqualTo(4);
        assertRefused("RECORD_HASH_MISMATCH");

        edit(proof, json, b -> {
            @SuppressWarnings("unchecked")
            List<Object> path = (List<Object>) inclusion(b, 1).get("inclusionPath");
            path.set(0, "00".repeat(32));
        });
        assertThat(verify(proof, "trust.json")).isEqualTo(4);
        assertRefused("INCLUSION_FAILED");

        edit(proof, json, b -> inclusion(b, 0).put("treeSize", ((Number) inclusion(b, 0).get("treeSize")).longValue() + 1));
        assertThat(verify(proof, "trust.json")).isEqualTo(4);
        assertRefused("TREE_SIZE_MISMATCH");

        Files.writeString(proof, json.substring(0, json.length() - 40));
        assertThat(verify(proof, "trust.json")).isEqualTo(4);
        assertRefused("MALFORMED_BUNDLE");
    }

    @Test
    void aBundleIsRefusedUnderAnotherKeyOrWhenTheTrustDemandsWitnesses() throws Exception {
        Path proof = exported();
        TrustPolicy ours = TrustPolicy.parse(Files.readString(dir.resolve("trust.json")));
        CheckpointKey other = new CheckpointKey(CheckpointKey.DEFAULT_NAME,
                JWK.parse(Files.readString(dir.resolve("other/private.jwk"))).toECKey().toECPublicKey());
        Files.writeString(dir.resolve("other-trust.json"), new TrustPolicy(ours.origin(), other, List.of(), 0).toJson());
        assertThat(verify(proof, "other-trust.json")).isEqualTo(4);
        assertRefused("UNTRUSTED_KEY");

        Map<String, Object> demanding = Json.parseObject(ours.toJson());
        demanding.put("witnessesRequired", 1);
        Files.writeString(dir.resolve("bad-trust.json"), CanonicalJson.of(demanding));
        assertThat(verify(proof, "bad-trust.json")).as("more witnesses required than named").isEqualTo(2);
        assertThat(err).contains("witnessesRequired");
    }

    @Test
    void whatCannotBeExportedExitsFourWithTheReason() {
        assertThat(run("proof", "export", "nobody", "--table", table, "--jwks", jwks(),
                "--out", dir.resolve("p.json").toString())).isEqualTo(4);
        assertThat(err).contains("UNKNOWN_EXECUTION");
        assertThat(run("proof", "export", "e1", "--table", table, "--jwks", dir.resolve("other/jwks.json").toString(),
                "--out", dir.resolve("p.json").toString())).isEqualTo(4);
        assertThat(err).contains("CHECKPOINT_NOT_VERIFIED");
        assertThat(run("proof", "export", "e1", "--table", table, "--out", dir.resolve("p.json").toString())).isEqualTo(2);
        assertThat(err).contains("checkpoint key");
        assertThat(Files.exists(dir.resolve("p.json"))).isFalse();
        assertThat(run("proof", "verify", dir.resolve("missing.json").toString(), "--trust", dir.resolve("missing.json").toString())).isEqualTo(2);
    }

    private static void edit(Path proof, String json, Consumer<Map<String, Object>> change) throws Exception {
        Map<String, Object> bundle = Json.parseObject(json);
        change.accept(bundle);
        Files.writeString(proof, CanonicalJson.of(bundle));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> bundle, int i) {
        return (Map<String, Object>) ((List<Object>) bundle.get("records")).get(i);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> record(Map<String, Object> bundle, int i) {
        return (Map<String, Object>) entry(bundle, i).get("record");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inclusion(Map<String, Object> bundle, int i) {
        return (Map<String, Object>) entry(bundle, i).get("inclusion");
    }
}
