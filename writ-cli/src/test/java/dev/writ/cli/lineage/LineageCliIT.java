package dev.writ.cli.lineage;


import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.cli.LineageTableFixture;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code writ lineage verify|export|show|checkpoint} against DynamoDB Local over HTTP. */
class LineageCliIT extends LineageTableFixture {

    /** Two chains of one function, a parent execution p0 and a child e1 with records on both chains, then a checkpoint. */
    @BeforeEach
    void lineage() {
        chain0.append(record(LineageRecord.Type.VERIFICATION, "p0", null));
        for (int i = 0; i < 10; i++) {
            chain0.append(record(LineageRecord.Type.OUTCOME, "x" + i, null));
        }
        chain0.append(record(LineageRecord.Type.VERIFICATION, "e1", "p0"));
        chain1.append(record(LineageRecord.Type.OUTCOME, "e1", "p0"));
        checkpoint();
    }

    private static LineageRecord.Draft record(LineageRecord.Type type, String execId, String par) {
        return orders(type, execId).parent(par).transaction("t-1").build();
    }

    @Test
    void verifiesTableExitsZeroThenFourNamingTheDeletedSeq() {
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks())).as(err).isZero();
        assertThat(out).isEmpty();
        assertThat(err).contains("3 chains").contains("0 broken");

        ddb.deleteItem(r -> r.tableName(table).key(Map.of("chain", AttributeValue.fromS("orders#0"), "seq", AttributeValue.fromN("5"))));

        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks())).isEqualTo(4);
        assertThat(Json.parseObject(out)).containsEntry("chain", "orders#0").containsEntry("reason", "GAP")
                .containsEntry("intact", false);
        assertThat(((Number) Json.parseObject(out).get("seq")).longValue()).isEqualTo(5);
    }

    @Test
    void exportVerifiesOfflineAndTruncationIsFoundWithTheKey() throws Exception {
        Path file = dir.resolve("lineage.jsonl");
        assertThat(run("lineage", "export", "--table", table, "--out", file.toString())).as(err).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1 + 12 + 1);
        assertThat(run("lineage", "verify", "--file", file.toString(), "--jwks", jwks())).as(out + err).isZero();

        List<String> truncated = new ArrayList<>(lines);
        truncated.removeIf(l -> l.contains("\"chain\":\"orders#0\"") && l.contains("\"seq\":11,"));
        Files.write(file, truncated);

        assertThat(run("lineage", "verify", "--file", file.toString(), "--jwks", jwks())).isEqualTo(4);
        assertThat(Json.parseObject(out)).containsEntry("chain", "orders#0").containsEntry("reason", "TRUNCATED_AFTER_CHECKPOINT");
        assertThat(((Number) Json.parseObject(out).get("seq")).longValue()).isEqualTo(11);
    }

    @Test
    void exportWithKeysWritesWhatAnOfflineVerifierNeeds() throws Exception {
        Path file = dir.resolve("lineage.jsonl");
        Path keys = dir.resolve("export-keys");
        assertThat(run("lineage", "export", "--table", table, "--out", file.toString(), "--keys", keys.toString(), "--jwks", jwks()))
                .as(err).isZero();
        assertThat(Files.readString(keys.resolve("verifier-key"))).startsWith("writ-lineage-checkpoint+").endsWith("\n");
        assertThat(run("lineage", "verify", "--file", file.toString(), "--verifier-key", keys.resolve("verifier-key").toString()))
                .as(out + err).isZero();
        assertThat(run("lineage", "verify", "--file", file.toString(), "--jwks", keys.resolve("jwks.json").toString()))
                .as(out + err).isZero();
        assertThat(run("lineage", "export", "--table", table, "--out", file.toString(), "--keys", keys.toString())).isEqualTo(2);
        assertThat(err).contains("--keys needs the checkpoint key");
    }

    @Test
    void withTheKeyATableWhoseCheckpointsWereDeletedIsNotIntact() {
        ddb.deleteItem(r -> r.tableName(table).key(Map.of("chain", AttributeValue.fromS("checkpoint"), "seq", AttributeValue.fromN("0"))));
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks())).as(out + err).isEqualTo(4);
        List<Map<String, Object>> findings = out.lines().map(Json::parseObject).toList();
        assertThat(findings).extracting(f -> f.get("chain") + " " + f.get("reason"))
                .containsExactly("checkpoint NO_CHECKPOINT", "orders#0 NO_CHECKPOINT", "orders#1 NO_CHECKPOINT");
        assertThat(run("lineage", "verify", "--table", table)).as("without a key: links and hashes only").isZero();
    }

    @Test
    void showsAnExecutionAcrossChainsWithItsParent() {
        assertThat(run("lineage", "show", "--table", table, "--jwks", jwks(), "e1")).as(err).isZero();
        Map<String, Object> tree = Json.parseObject(out);
        assertThat(tree).containsEntry("execId", "e1").containsEntry("txn", "t-1");
        assertThat((List<?>) tree.get("records")).hasSize(2)
                .allSatisfy(r -> assertThat(map(r)).containsEntry("verified", true).containsEntry("par", "p0"));
        assertThat(map(tree.get("parent"))).containsEntry("execId", "p0");
    }

    @Test
    void showsATransactionWithItsHopRefusedHopAndBlockedCall() {
        LineageWriter w = LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> ddb);
        w.append(hop(LineageRecord.Type.DECISION, "authorizer", "p", null, "allow", "ALLOWED"));
        w.append(hop(LineageRecord.Type.VERIFICATION, "payments-write", "p", null, "allow", null));
        w.append(hop(LineageRecord.Type.EXCHANGE, "writ-exchange", "c", "p", "allow", "ALLOWED determining=ledger-from-payments-write"));
        w.append(hop(LineageRecord.Type.VERIFICATION, "ledger-post", "c", "p", "allow", null));
        w.append(hop(LineageRecord.Type.EXCHANGE, "writ-exchange", null, "p", "deny", "POLICY_DENY determining=none"));
        w.append(hop(LineageRecord.Type.DENIAL, "payments-write", "p", null, "deny", "OUT_OF_SCOPE"));
        checkpoint();

        assertThat(run("lineage", "show", "--table", table, "--jwks", jwks(), "--txn", "t-2")).as(err).isZero();
        Map<String, Object> shown = Json.parseObject(out);
        assertThat(shown).containsEntry("txn", "t-2").containsEntry("verified", true);
        List<?> tree = (List<?>) shown.get("tree");
        assertThat(tree).singleElement().satisfies(root -> {
            assertThat(map(root)).containsEntry("execId", "p").containsEntry("function", "payments-write");
            assertThat(Json.write(map(root).get("blockedCalls"))).contains("OUT_OF_SCOPE").contains("payments-write#0:");
            assertThat(Json.write(map(root).get("refusedHops"))).contains("POLICY_DENY").contains("writ-exchange#0:1");
            assertThat((List<?>) map(root).get("children")).singleElement()
                    .satisfies(c -> assertThat(map(c)).containsEntry("execId", "c").containsEntry("function", "ledger-post"));
        });
        // The authorizer's decision, with what payments-write's guard recorded under its writ.
        assertThat((List<?>) shown.get("decisions")).singleElement().satisfies(d -> assertThat(map(d))
                .containsEntry("decision", "allow").containsEntry("reason", "ALLOWED").containsEntry("execId", "p")
                .containsEntry("guard", List.of("verification", "denial OUT_OF_SCOPE")));
        assertThat(run("lineage", "show", "--table", table, "--txn", "no-such-txn")).isEqualTo(1);
        assertThat(run("lineage", "show", "--table", table, "--txn", "t-2", "p")).as("an execution or a transaction").isEqualTo(2);
    }

    @Test
    void aTransactionWhoseRecordsNameTwoSubjectsIsShownMixedAndExitsSix() {
        LineageWriter w = LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> ddb);
        String agent = "arn:aws:iam::123456789012:role/support-agent";
        // carl's tool call, then mallory's verified writ carrying carl's txn (an older writ, a misconfigured issuer).
        LineageRecord decision = w.append(LineageRecord.draft(LineageRecord.Type.DECISION).function("authorizer").execId("w1").transaction("t-3")
                .principal("carl").tool("list_payments").agent(agent).decision("allow").reason("ALLOWED").build());
        w.append(LineageRecord.draft(LineageRecord.Type.VERIFICATION).function("payments-mcp").execId("w1").transaction("t-3")
                .principal("carl").tool("list_payments").decision("allow").build());
        w.append(LineageRecord.draft(LineageRecord.Type.VERIFICATION).function("payments-mcp").execId("w2").transaction("t-3")
                .principal("mallory").tool("list_payments").decision("allow").build());
        checkpoint();
        // agent is in the decision record's hash (JCS over its members): a verifier that knows it verifies the chain.
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks())).as(out + err).isZero();

        assertThat(run("lineage", "show", "--table", table, "--jwks", jwks(), "--txn", "t-3")).as(err).isEqualTo(LineageCommand.MIXED);
        Map<String, Object> mixed = map(Json.parseObject(out).get("mixed"));
        assertThat(map(mixed.get("subjects"))).containsOnlyKeys("carl", "mallory");
        assertThat(map(mixed.get("agents"))).containsOnlyKeys(agent);

        // Another agent in its place breaks the chain at that record.
        ddb.updateItem(r -> r.tableName(table).key(Map.of("chain", AttributeValue.fromS(decision.chain()),
                        "seq", AttributeValue.fromN(Long.toString(decision.seq()))))
                .updateExpression("SET #a = :a").expressionAttributeNames(Map.of("#a", "agent")) // a reserved word
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(agent + "-2"))));
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks())).isEqualTo(4);
        assertThat(Json.parseObject(out)).containsEntry("chain", decision.chain()).containsEntry("reason", "HASH_MISMATCH");
    }

    private static LineageRecord.Draft hop(LineageRecord.Type type, String function, String execId, String par, String decision,
                                           String reason) {
        return LineageRecord.draft(type).function(function).execId(execId).parent(par).transaction("t-2").principal("carl")
                .decision(decision).reason(reason).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void showMarksARecordWhoseChainIsBrokenBeforeItAsUnverified() {
        ddb.updateItem(r -> r.tableName(table).key(Map.of("chain", AttributeValue.fromS("orders#0"), "seq", AttributeValue.fromN("3")))
                .updateExpression("SET principal = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("mallory"))));
        assertThat(run("lineage", "show", "--table", table, "--jwks", jwks(), "e1")).isEqualTo(4);
        assertThat(out).contains("\"verified\":false").contains("HASH_MISMATCH");
    }

    @Test
    void verifyReportsWhatWasNeverAnsweredAndRequireCompleteExitsFive() {
        LineageWriter authz = LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> ddb);
        authz.append(LineageRecord.draft(LineageRecord.Type.DECISION).function("authz").execId("lost").decision("allow").reason("ALLOW").build());
        authz.append(LineageRecord.draft(LineageRecord.Type.DECISION).function("authz").execId("e1").decision("allow").reason("ALLOW").build());

        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks())).as("recent records are pending").isZero();
        assertThat(out).isEmpty();
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks(), "--settle", "PT0S")).as(err).isZero();
        assertThat(out.lines().map(Json::parseObject).map(f -> f.get("incomplete") + " " + f.get("execId")))
                .containsExactly("ALLOW_NEVER_VERIFIED lost", "VERIFICATION_WITHOUT_OUTCOME p0", "VERIFICATION_WITHOUT_DECISION p0");
        assertThat(err).contains("3 never answered");
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks(), "--settle", "PT0S", "--require-complete")).isEqualTo(5);
    }

    @Test
    void checkpointCopiesNeedTheKeyTheTableAndAnS3Url() {
        assertThat(run("lineage", "verify", "--table", table, "--checkpoint-copies", "s3://bucket/origin/")).isEqualTo(2);
        assertThat(err).contains("--checkpoint-copies needs the checkpoint key");
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks(), "--checkpoint-copies", "https://bucket/")).isEqualTo(2);
        assertThat(err).contains("checkpoint copies are at s3://<bucket>/<prefix>");
        assertThat(run("lineage", "verify", "--file", dir.resolve("x.jsonl").toString(), "--jwks", jwks(),
                "--checkpoint-copies", "s3://bucket/")).isEqualTo(2);
        assertThat(err).contains("apply to the table, not to --file");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("lineage", "verify", "--file", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks(), "--kms-key", "arn:aws:kms:x")).isEqualTo(2);
        assertThat(run("lineage", "verify", "--table", table, "--jwks", dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(err).contains("nope.json");
    }

    /** The trust file of this lineage's key, as {@code proof export --trust-out} writes it, with one witness required. */
    private TrustPolicy trustRequiringAWitness() throws Exception {
        Path bundle = dir.resolve("e1.json");
        assertThat(run("proof", "export", "e1", "--table", table, "--jwks", jwks(), "--out", bundle.toString(),
                "--trust-out", dir.resolve("trust.json").toString())).as(err).isZero();
        TrustPolicy ours = TrustPolicy.parse(Files.readString(dir.resolve("trust.json")));
        CosignerKey witness = new CosignatureSigner("witness.example/w1", KeyPairGenerator.getInstance("Ed25519").generateKeyPair()).key();
        TrustPolicy demanding = new TrustPolicy(ours.origin(), ours.checkpointKey(), List.of(witness), 1);
        Files.writeString(dir.resolve("witnessed-trust.json"), demanding.toJson());
        return demanding;
    }

    @Test
    void verifyWithATrustFileRequiringAWitnessRefusesACheckpointNoWitnessCosigned() throws Exception {
        trustRequiringAWitness();
        assertThat(run("lineage", "verify", "--table", table, "--trust", dir.resolve("trust.json").toString()))
                .as("the trust file's key, no witness required").isZero();
        assertThat(run("lineage", "verify", "--table", table, "--trust", dir.resolve("witnessed-trust.json").toString()))
                .as(out + err).isEqualTo(4);
        Map<String, Object> line = Json.parseObject(out.lines().findFirst().orElseThrow());
        assertThat(line).containsEntry("chain", "checkpoint").containsEntry("reason", "NOT_COSIGNED").containsEntry("seq", 0);
        assertThat((String) line.get("detail")).contains("cosigned by [], 1 of the trusted witnesses required");
    }

    @Test
    void aTrustFileRequiringNoWitnessStillHoldsTheCheckpointRecordsToTheirSignedLog() throws Exception {
        trustRequiringAWitness();
        LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> ddb)
                .append(record(LineageRecord.Type.OUTCOME, "x10", null));
        checkpoint();
        String trust = dir.resolve("trust.json").toString();
        assertThat(TrustPolicy.parse(Files.readString(dir.resolve("trust.json"))).witnessesRequired()).isZero();
        assertThat(run("lineage", "verify", "--table", table, "--trust", trust)).as(out + err).isZero();

        // The first checkpoint record deleted behind the log checkpoint signed over both.
        ddb.deleteItem(r -> r.tableName(table).key(Map.of("chain", AttributeValue.fromS("checkpoint"), "seq", AttributeValue.fromN("0"))));
        assertThat(run("lineage", "verify", "--table", table, "--trust", trust)).as(out + err).isEqualTo(4);
        assertThat(out.lines().map(Json::parseObject).map(f -> f.get("chain") + " " + f.get("reason") + "@" + f.get("seq")))
                .contains("checkpoint LOG_MISMATCH@1");
    }

    @Test
    void aTrustFileIsTheKeySoNotBesideOneAndItsWitnessesAreNotInAnExport() throws Exception {
        trustRequiringAWitness();
        String trust = dir.resolve("witnessed-trust.json").toString();
        assertThat(run("lineage", "verify", "--table", table, "--trust", trust, "--jwks", jwks())).isEqualTo(2);
        assertThat(err).contains("give --trust or a checkpoint key, not both");
        Path export = dir.resolve("export.jsonl");
        assertThat(run("lineage", "export", "--table", table, "--out", export.toString())).as(err).isZero();
        assertThat(run("lineage", "verify", "--file", export.toString(), "--trust", trust)).isEqualTo(2);
        assertThat(err).contains("cosignatures are stored beside the table, not in an export");
        assertThat(run("lineage", "verify", "--file", export.toString(), "--trust", dir.resolve("trust.json").toString())).as(err).isZero();
        assertThat(run("lineage", "verify", "--table", table, "--trust", dir.resolve("nope.json").toString())).isEqualTo(2);
    }
}
