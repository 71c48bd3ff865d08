package dev.writ.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code writ demo} in-process on its embedded stack (DynamoDB Local in this JVM). */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyStepBehavesTheTamperIsNamedAndTheExportVerifies() throws IOException {
        Path export = dir.resolve("lineage.jsonl");
        Path keys = dir.resolve("keys");
        CliRun run = CliRun.of("demo", "--export", export.toString(), "--keys", keys.toString());

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        List<String> rows = Arrays.stream(run.out().split("\n")).filter(l -> l.matches("^\\d+\\s.*")).collect(Collectors.toList());
        assertThat(rows).hasSize(35).noneMatch(r -> r.contains("UNEXPECTED"));
        assertThat(rows.stream().filter(r -> r.contains(" function 2")).count()).as("the function ran for the allowed calls only").isEqualTo(8);
        assertThat(row(rows, 1)).contains("vera (viewer)").contains("ALLOWED").containsPattern("authorizer#0:\\d+ payments-read#0:\\d+,\\d+");
        assertThat(row(rows, 3)).contains("carl (clerk)").contains("ALLOWED")
                .containsPattern("payments-write#0:\\d+,\\d+ writ-exchange#0:\\d+,\\d+ ledger-post#0:\\d+,\\d+ payments-notify#0:\\d+,\\d+");
        assertThat(row(rows, 5)).contains("authorizer 401").contains("NO_TOKEN");
        assertThat(row(rows, 6)).contains("BAD_TOKEN");
        assertThat(row(rows, 8)).contains("POLICY_DENY [mfa-for-writes]");
        assertThat(row(rows, 9)).contains("over the clerk limit").contains("POLICY_DENY (no permit)");
        assertThat(row(rows, 11)).contains("POLICY_DENY [suspended-account]");
        assertThat(run.out()).contains("MISSING_WRIT").contains("BAD_SIGNATURE").contains("EXPIRED").contains("WRONG_AUDIENCE")
                .contains("REQUEST_MISMATCH").contains("REPLAYED")
                .contains("ledger-post ran under a child writ from the exchange (writ-exchange#0:")
                .contains("payments-notify ran under a child writ from the exchange (writ-exchange#0:")
                .contains("intact")
                .contains("chain " + DemoCommand.TAMPERED_CHAIN + " broken at seq " + DemoCommand.TAMPERED_SEQ + " (HASH_MISMATCH")
                .contains("7 of 8 chains intact")
                .contains("Every step behaved as expected");
        assertThat(row(rows, 18)).contains("amount 99999999, writ for amount 100").contains("guard 403")
                .contains("REQUEST_MISMATCH");
        assertThat(row(rows, 20)).contains("REPLAYED");
        assertThat(row(rows, 21)).contains("(ledger-post, payment-events)").contains("function 201").contains("writ-exchange#0:")
                .contains("payments-notify#0:");
        // Each hop row: who decided, the code, and the lineage that decider appended.
        assertThat(row(rows, 22)).contains("payments-read's handler invokes ledger-post").contains("exchange 502")
                .contains("POLICY_DENY").containsPattern("payments-read#0:\\d+,\\d+,\\d+ writ-exchange#0:\\d+$")
                .doesNotContain("ledger-post#0:");
        assertThat(row(rows, 23)).contains("payments-refund").contains("interceptor 502").contains("OUT_OF_SCOPE")
                .containsPattern("payments-write#0:\\d+,\\d+,\\d+$");
        assertThat(row(rows, 26)).contains("payments-notify, the child writ for ledger-post").contains("guard 403")
                .contains("WRONG_AUDIENCE").containsPattern("payments-notify#0:\\d+$");
        assertThat(row(rows, 27)).contains("child writ for amount 700 sent with 99999999").contains("REQUEST_MISMATCH");
        assertThat(row(rows, 28)).contains("exchange 403").contains("DEPTH_EXCEEDED").containsPattern("writ-exchange#0:\\d+$");

        // The agent scene: one row per tool call, who decided it, the tool-call decision's record first.
        assertThat(row(rows, 29)).contains("tools/list").contains("function 200").contains("ALLOWED");
        assertThat(row(rows, 30)).contains("tools/call refund_payment 120").contains("function 200").contains("ALLOWED")
                .containsPattern("authorizer#0:\\d+,\\d+ payments-mcp#0:\\d+,\\d+$");
        assertThat(row(rows, 31)).contains("over carl's limit").contains("authorizer 403").contains("POLICY_DENY")
                .containsPattern("authorizer#0:\\d+$");
        assertThat(row(rows, 32)).contains("purge_payments (prompt-injected admin tool)").contains("authorizer 403")
                .contains("POLICY_DENY").doesNotContain("payments-mcp#0:");
        assertThat(row(rows, 33)).contains("purge_payments with list_payments' writ").contains("guard 403")
                .contains("REQUEST_MISMATCH").containsPattern("payments-mcp#0:\\d+$");
        assertThat(row(rows, 34)).contains("refund_payment 4900 with the writ for 120").contains("guard 403")
                .contains("REQUEST_MISMATCH");
        assertThat(row(rows, 35)).contains("first call's writ (replay)").contains("guard 403").contains("REPLAYED");
        assertThat(run.out()).containsPattern("the session \\(host's id [0-9a-f-]{36}\\) is one transaction, txn agent-session:[A-Za-z0-9_-]{43}: \\d+ records, all verified");

        String jwks = keys.resolve("jwks.json").toString();
        CliRun verify = CliRun.of("lineage", "verify", "--file", export.toString(), "--jwks", jwks);
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.err()).contains("0 broken");
        CliRun byVerifierKey = CliRun.of("lineage", "verify", "--file", export.toString(), "--verifier-key", keys.resolve("verifier-key").toString());
        assertThat(byVerifierKey.code()).as(byVerifierKey.err()).isZero();
        assertThat(run.out()).contains("--verifier-key " + keys.resolve("verifier-key"));
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        assertThat(lines).anyMatch(l -> l.contains("\"chain\":\"checkpoint\""));

        // The export was taken before the tamper; editing it the same way must be caught too.
        List<String> edited = new ArrayList<>();
        for (String l : lines) {
            edited.add(l.contains("\"chain\":\"" + DemoCommand.TAMPERED_CHAIN + "\"") && l.contains("\"seq\":" + DemoCommand.TAMPERED_SEQ + ",")
                    ? l.replaceFirst("\"principal\":\"[^\"]+\"", "\"principal\":\"mallory\"") : l);
        }
        assertThat(edited).isNotEqualTo(lines);
        Path tampered = dir.resolve("tampered.jsonl");
        Files.write(tampered, edited, StandardCharsets.UTF_8);
        CliRun caught = CliRun.of("lineage", "verify", "--file", tampered.toString(), "--jwks", jwks);
        assertThat(caught.code()).isEqualTo(4);
        assertThat(caught.out()).contains(DemoCommand.TAMPERED_CHAIN).contains("\"seq\":" + DemoCommand.TAMPERED_SEQ);
    }

    private static String row(List<String> rows, int n) {
        return rows.stream().filter(r -> r.startsWith(n + " ")).findFirst().orElseThrow();
    }
}
