package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageHash;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletenessTest {
    private static long seq;

    private static LineageRecord record(String chain, LineageRecord.Type type, String execId, String decision, long ts) {
        return LineageRecord.seal(chain, seq++, LineageHash.ZERO_HEX,
                LineageRecord.draft(type).ts(ts).function("orders").execId(execId).decision(decision).build());
    }

    private static List<String> findings(Completeness c) {
        return c.findings().stream().map(f -> f.gap() + " " + f.execId()).toList();
    }

    @Test
    void anAllowNeverVerifiedAndAVerificationWithoutOutcomeAreFoundWhateverOrderTheChainsAreReadIn() {
        Completeness c = new Completeness(1_000);
        // The guard's chain read before the authorizer's: answers may come before what they answer.
        c.accept(record("orders#0", LineageRecord.Type.VERIFICATION, "done", "allow", 10));
        c.accept(record("orders#0", LineageRecord.Type.OUTCOME, "done", "success", 11));
        c.accept(record("orders#0", LineageRecord.Type.VERIFICATION, "crashed", "allow", 12));
        c.accept(record("orders#1", LineageRecord.Type.DENIAL, "refused", "deny", 13));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "done", "allow", 9));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "refused", "allow", 9));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "lost", "allow", 9));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "crashed", "allow", 9));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "denied", "deny", 9));
        assertThat(findings(c)).containsExactly("ALLOW_NEVER_VERIFIED lost", "VERIFICATION_WITHOUT_OUTCOME crashed");
        Completeness.Finding lost = c.findings().get(0);
        assertThat(lost.chain()).isEqualTo("authz#0");
        assertThat(lost.toJson()).contains("\"incomplete\":\"ALLOW_NEVER_VERIFIED\"").contains("\"execId\":\"lost\"");
    }

    @Test
    void aVerificationWithoutOutcomeIsFoundWhenTheSameWritRanAgainAndFinished() {
        // A message delivered again after its consumer was killed at its timeout (or an invoke the
        // SDK retried): one writ, two runs; the second run's outcome is not the first run's.
        Completeness c = new Completeness(1_000);
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "twice", "allow", 9));
        LineageRecord killed = record("orders#0", LineageRecord.Type.VERIFICATION, "twice", "allow", 10);
        c.accept(killed);
        c.accept(record("orders#1", LineageRecord.Type.VERIFICATION, "twice", "allow", 40));
        c.accept(record("orders#1", LineageRecord.Type.OUTCOME, "twice", "success", 41));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "both", "allow", 9));
        c.accept(record("orders#0", LineageRecord.Type.VERIFICATION, "both", "allow", 12));
        c.accept(record("orders#1", LineageRecord.Type.VERIFICATION, "both", "allow", 13));
        c.accept(record("orders#1", LineageRecord.Type.OUTCOME, "both", "success", 14));
        c.accept(record("orders#0", LineageRecord.Type.OUTCOME, "both", "error", 15));
        assertThat(findings(c)).containsExactly("VERIFICATION_WITHOUT_OUTCOME twice");
        assertThat(c.findings().get(0).chain() + ":" + c.findings().get(0).seq()).as("the run that never finished")
                .isEqualTo("orders#0:" + killed.seq());
    }

    @Test
    void aRunWhoseOutcomeIsOnAnotherChainIsNotAnsweredByThatChainsOwnRun() {
        // One chain verified alone (verifyChain): the other chain's records come from the index.
        Completeness c = new Completeness(1_000);
        LineageRecord killed = record("orders#0", LineageRecord.Type.VERIFICATION, "twice", "allow", 10);
        c.accept(killed);
        LineageRecord rerun = record("orders#1", LineageRecord.Type.VERIFICATION, "twice", "allow", 40);
        LineageRecord outcome = record("orders#1", LineageRecord.Type.OUTCOME, "twice", "success", 41);
        for (LineageRecord r : List.of(killed, rerun, outcome)) {
            c.acceptAnswer(r);
        }
        assertThat(c.findings().stream().filter(f -> f.gap() == Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME)
                .map(f -> f.chain() + ":" + f.seq())).containsExactly("orders#0:" + killed.seq());
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME.isAnswered(
                new Completeness.Finding(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME, "twice", "orders#0", killed.seq(), 10),
                List.of(killed, rerun, outcome))).as("the sweep's judgement of the killed run").isFalse();
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME.isAnswered(
                new Completeness.Finding(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME, "twice", "orders#1", rerun.seq(), 40),
                List.of(killed, rerun, outcome))).as("the sweep's judgement of the run that finished").isTrue();
    }

    @Test
    void anAllowedExchangeWhoseChildNoGuardSawIsFound() {
        Completeness c = new Completeness(1_000);
        c.accept(record("writ-exchange#0", LineageRecord.Type.EXCHANGE, "child-used", "allow", 20));
        c.accept(record("writ-exchange#0", LineageRecord.Type.EXCHANGE, "child-refused", "allow", 21));
        c.accept(record("writ-exchange#0", LineageRecord.Type.EXCHANGE, "child-lost", "allow", 22));
        c.accept(record("ledger#0", LineageRecord.Type.VERIFICATION, "child-used", "allow", 30));
        c.accept(record("ledger#0", LineageRecord.Type.OUTCOME, "child-used", "success", 31));
        c.accept(record("ledger#0", LineageRecord.Type.DENIAL, "child-refused", "deny", 32));
        // A refused exchange minted no child, so it expects nothing.
        c.accept(record("writ-exchange#0", LineageRecord.Type.EXCHANGE, null, "deny", 23));
        assertThat(findings(c)).containsExactly("EXCHANGE_NEVER_VERIFIED child-lost");
    }

    @Test
    void recordsYoungerThanTheCutoffArePendingNotMissing() {
        Completeness c = new Completeness(1_000);
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "recent", "allow", 1_000));
        c.accept(record("orders#0", LineageRecord.Type.VERIFICATION, "running", "allow", 1_500));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "old", "allow", 999));
        assertThat(findings(c)).containsExactly("ALLOW_NEVER_VERIFIED old");
    }

    @Test
    void aVerificationWhoseWritNeitherTheAuthorizerNorTheExchangeIssuedIsFound() {
        Completeness c = new Completeness(1_000);
        // Guard chains first: the authorizer writes its decision after its answer, so it may come later.
        c.accept(record("orders#0", LineageRecord.Type.VERIFICATION, "authorized", "allow", 10));
        c.accept(record("orders#0", LineageRecord.Type.OUTCOME, "authorized", "success", 11));
        c.accept(record("ledger#0", LineageRecord.Type.VERIFICATION, "hop-child", "allow", 12));
        c.accept(record("ledger#0", LineageRecord.Type.OUTCOME, "hop-child", "success", 13));
        c.accept(record("orders#0", LineageRecord.Type.VERIFICATION, "decision-lost", "allow", 14));
        c.accept(record("orders#0", LineageRecord.Type.OUTCOME, "decision-lost", "success", 15));
        c.accept(record("orders#0", LineageRecord.Type.VERIFICATION, "only-denied", "allow", 16));
        c.accept(record("orders#0", LineageRecord.Type.OUTCOME, "only-denied", "success", 17));
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "authorized", "allow", 9));
        // The exchange's record is a hop child's issuance record: no authorizer decision is expected.
        c.accept(record("writ-exchange#0", LineageRecord.Type.EXCHANGE, "hop-child", "allow", 11));
        // Records that issued no writ answer nothing, whatever execId they carry.
        c.accept(record("authz#0", LineageRecord.Type.DECISION, "only-denied", "deny", 9));
        c.accept(record("writ-exchange#0", LineageRecord.Type.EXCHANGE, "only-denied", "deny", 9));
        assertThat(findings(c)).containsExactly("VERIFICATION_WITHOUT_DECISION decision-lost", "VERIFICATION_WITHOUT_DECISION only-denied");
        assertThat(c.findings().get(0).toJson()).contains("\"incomplete\":\"VERIFICATION_WITHOUT_DECISION\"")
                .contains("\"chain\":\"orders#0\"").contains("\"seq\":");
    }

    @Test
    void eachRuleSaysWhichRecordExpectsAnAnswerAndWhichRecordOfTheSameExecutionAnswersIt() {
        LineageRecord allow = record("authz#0", LineageRecord.Type.DECISION, "e1", "allow", 1);
        LineageRecord deny = record("authz#0", LineageRecord.Type.DECISION, "e1", "deny", 1);
        LineageRecord verification = record("orders#0", LineageRecord.Type.VERIFICATION, "e1", "allow", 2);
        LineageRecord denial = record("orders#0", LineageRecord.Type.DENIAL, "e1", "deny", 2);
        LineageRecord outcome = record("orders#0", LineageRecord.Type.OUTCOME, "e1", "success", 3);
        assertThat(Completeness.Gap.ALLOW_NEVER_VERIFIED.expects(allow)).isTrue();
        assertThat(Completeness.Gap.ALLOW_NEVER_VERIFIED.expects(deny)).isFalse();
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME.expects(verification)).isTrue();
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME.expects(allow)).isFalse();
        assertThat(Completeness.Gap.ALLOW_NEVER_VERIFIED.isAnswerTo("e1", verification)).isTrue();
        assertThat(Completeness.Gap.ALLOW_NEVER_VERIFIED.isAnswerTo("e1", denial)).isTrue();
        assertThat(Completeness.Gap.ALLOW_NEVER_VERIFIED.isAnswerTo("e1", outcome)).isFalse();
        assertThat(Completeness.Gap.ALLOW_NEVER_VERIFIED.isAnswerTo("e2", verification)).as("another execution's").isFalse();
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME.isAnswerTo("e1", outcome)).isTrue();
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_DECISION.expects(verification)).isTrue();
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_DECISION.isAnswerTo("e1", allow)).isTrue();
        assertThat(Completeness.Gap.VERIFICATION_WITHOUT_DECISION.isAnswerTo("e1", deny)).as("a deny issued no writ").isFalse();
    }
}
