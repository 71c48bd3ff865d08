package dev.writ.policy.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.policy.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTesterTest {
    private static final java.io.PrintStream QUIET = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

    @Test
    void everyDecisionTestOfThePaymentsBundlePasses() {
        TestReport report = BundleTester.test(TestBundles.PAYMENTS);

        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.policies()).isEqualTo(24);
        assertThat(report.testsRun()).isGreaterThanOrEqualTo(47);
        assertThat(report.testsFailed()).isZero();
    }

    @Test
    void aPermitThatDoesNotReadAnOptionalInputIsAWarningNamingRoutePermitAndInput(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        // tool-server decides on Mcp-Method but allows any Mcp-Name, on purpose: without saying so, it warns.
        TestBundles.edit(dir.resolve("policies/tools.cedar"), "@writ_any(\"mcpName\")\n", "");

        TestReport report = BundleTester.test(dir);

        assertThat(report.passed()).isTrue();
        assertThat(report.warnings()).hasSize(1);
        assertThat(report.describe()).contains("payments-api: OK (24 policies, ").contains(" failed, 1 warning)")
                .contains("  warning: payments-api/policies/tools.cedar: policy \"tool-server\": route POST /mcp: permit"
                        + " `tool-server` allows any value of optional input mcpName (Mcp-Name), which the writ will bind:"
                        + " list the values it allows, or say it allows any with @writ_any(\"mcpName\")");
    }

    @Test
    void aPermitOfTheRouteThatReadsNoOptionalInputWarnsOfEachUnlessItSaysItAllowsAny(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        Files.writeString(dir.resolve("policies/mcp-open.cedar"), "@id(\"mcp-open\")\n"
                + "permit (principal in Payments::Group::\"clerk\", action in [Payments::Action::\"UseTools\"], resource);\n");

        assertThat(BundleTester.test(dir).warnings()).extracting(Object::toString).containsExactly(
                "policies/mcp-open.cedar: policy \"mcp-open\": route POST /mcp: permit `mcp-open` allows any value of optional"
                        + " input mcpMethod (Mcp-Method), which the writ will bind: list the values it allows, or say it"
                        + " allows any with @writ_any(\"mcpMethod\")",
                "policies/mcp-open.cedar: policy \"mcp-open\": route POST /mcp: permit `mcp-open` allows any value of optional"
                        + " input mcpName (Mcp-Name), which the writ will bind: list the values it allows, or say it"
                        + " allows any with @writ_any(\"mcpName\")");

        TestBundles.edit(dir.resolve("policies/mcp-open.cedar"), "@id(\"mcp-open\")", "@id(\"mcp-open\") @writ_any(\"mcpMethod, mcpName\")");
        assertThat(BundleTester.test(dir).warnings()).isEmpty();
    }

    @Test
    void aWrongExpectationFailsNamingTestFileTestAndDecidingPolicies(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("tests/create.json"),
                "\"context\": {\"amount\": 10001}, \"expect\": \"DENY\"", "\"context\": {\"amount\": 10001}, \"expect\": \"ALLOW\"");

        TestReport report = BundleTester.test(dir);

        assertThat(report.passed()).isFalse();
        assertThat(report.testsFailed()).isEqualTo(1);
        assertThat(report.describe()).contains(
                "payments-api/tests/create.json: test \"clerk cannot create over the clerk limit\": expected ALLOW, got DENY");
    }

    @Test
    void aTestContextAttributeTheActionDoesNotTakeFailsTheTest(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        // A read's context has no time: a test that sets one would test nothing.
        TestBundles.edit(dir.resolve("tests/read.json"), "\"context\": {\"mfa\": false}",
                "\"context\": {\"mfa\": false, \"now\": {\"__extn\": {\"fn\": \"datetime\", \"arg\": \"2026-11-23T23:30:00Z\"}}}");

        TestReport report = BundleTester.test(dir);

        assertThat(report.testsFailed()).isEqualTo(1);
        assertThat(report.describe()).contains("payments-api/tests/read.json: test \"viewer gets a payment without MFA"
                + " (and at any hour: reads take no time)\": context attribute \"now\" is not in the context the schema"
                + " declares for Payments::Action::\"GetPayment\"");
    }

    @Test
    void aPolicyChangeThatBreaksARuleIsCaughtByTheTestsBothWays(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        // An off-by-one in the clerk limit: the allow at 10,000 fails, naming the test.
        TestBundles.edit(dir.resolve("policies/write.cedar"), "context.amount <= 10000", "context.amount < 10000");

        TestReport report = BundleTester.test(dir);

        assertThat(report.describe()).contains("test \"clerk creates at the clerk limit\": expected ALLOW, got DENY");
    }

    @Test
    void aWrongDeterminingPolicyIsReported(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("tests/guards.json"), "\"determining\": [\"suspended-account\"]", "\"determining\": [\"mfa-for-writes\"]");

        assertThat(BundleTester.test(dir).describe())
                .contains("test \"suspended viewer cannot read\": DENY as expected, but determined by [suspended-account], expected [mfa-for-writes]");
    }

    @Test
    void aDeterminingPolicyThatDoesNotExistIsReported(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("tests/read.json"), "\"determining\": [\"read-viewer\"]", "\"determining\": [\"read-viewers\"]");

        assertThat(BundleTester.test(dir).describe()).contains("names policy \"read-viewers\", which is not in the bundle");
    }

    @Test
    void aTestForAnUnmappedRouteOrTheWrongFunctionFails(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("tests/read.json"), "\"route\": \"GET /payments\", \"function\": \"payments-read\"",
                "\"route\": \"GET /payments\", \"function\": \"payments-write\"");
        TestBundles.edit(dir.resolve("tests/refund.json"), "POST /payments/p-42/refund", "PUT /payments/p-42/refund");

        String report = BundleTester.test(dir).describe();
        assertThat(report).contains("leads to function \"payments-read\", expected \"payments-write\"");
        assertThat(report).contains("no route of manifest.json matches \"PUT /payments/p-42/refund\"");
    }

    @Test
    void aHopTestForAnUnmappedHopOrTheWrongConsumerFails(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("tests/hops.json"), "\"hop\": \"sqs:SendMessage payment-events\", \"function\": \"payments-notify\"",
                "\"hop\": \"sqs:SendMessage payment-events\", \"function\": \"ledger-post\"");
        TestBundles.edit(dir.resolve("tests/hops.json"), "\"caller\": \"payments-write\", \"hop\": \"lambda:Invoke ledger-post\", \"function\"",
                "\"caller\": \"payments-write\", \"hop\": \"lambda:Invoke ledger-get\", \"function\"");

        String report = BundleTester.test(dir).describe();
        assertThat(report).contains("hop \"sqs:SendMessage payment-events\" leads to function \"payments-notify\", expected \"ledger-post\"");
        assertThat(report).contains("no hop of manifest.json is \"lambda:Invoke ledger-get\"");
    }

    @Test
    void aHopPolicyThatLetsEveryoneThroughIsCaught(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("policies/hops.cedar"), "when { context.roles.containsAny([\"clerk\", \"approver\"]) };", ";");

        TestReport report = BundleTester.test(dir);

        assertThat(report.passed()).isFalse();
        assertThat(report.describe()).contains("not for a viewer").contains("expected DENY, got ALLOW");
    }

    @Test
    void aBundleWithoutDecisionTestsFails(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        try (var files = Files.list(dir.resolve("tests"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }

        assertThat(BundleTester.test(dir).describe()).contains("no decision tests");
    }

    @Test
    void theMavenCheckFailsWithTheFullReport(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("policies/write.cedar"), "context.amount <= 100000 };", "context.amount <= principal.limit };");

        assertThatThrownBy(() -> BundleCheck.check(tmp, QUIET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policy bundle check failed")
                .hasMessageContaining("payments-api/policies/write.cedar: policy \"create-approver\": line 10:")
                .hasMessageContaining("limit");
    }

    @Test
    void theMavenCheckPassesOnTheSampleBundlesAndFailsWhenThereIsNoBundle(@TempDir Path empty) throws IOException {
        BundleCheck.check(TestBundles.PAYMENTS.getParent(), QUIET);

        assertThatThrownBy(() -> BundleCheck.check(empty, QUIET))
                .hasMessageContaining("no policy bundles");
    }
}
