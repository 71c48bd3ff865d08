package dev.writ.policy.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleProblem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool the schema cannot decide fails the build, naming the tool: its action not declared, its
 * arguments typed against nothing (no {@code input} in the action's context) or as something other
 * than a record. Any of these and every call of the tool would be refused at the issuer.
 */
class ToolDeclarationsTest {

    private static List<String> toolProblems(Path dir) {
        return BundleTester.test(dir).problems().stream().map(BundleProblem::toString)
                .filter(p -> p.contains("tool \"")).toList();
    }

    @Test
    void theSampleBundlesToolsAllFit() {
        assertThat(toolProblems(TestBundles.PAYMENTS)).isEmpty();
    }

    @Test
    void aToolWhoseActionTheSchemaDoesNotDeclareFailsTheBuild(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("manifest.json"), "\"action\": \"Payments::Action::\\\"list_payments\\\"\"",
                "\"action\": \"Payments::Action::\\\"list_all_payments\\\"\"");

        assertThat(toolProblems(dir)).containsExactly("manifest.json: tool \"list_payments\": action"
                + " Payments::Action::\"list_all_payments\" is not declared in the schema");
    }

    @Test
    void aToolWhoseArgumentsTheSchemaDoesNotTypeFailsTheBuild(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        // purge_payments' policy reads no context, so the policies still validate without input.
        TestBundles.edit(dir.resolve("schema.cedarschema"), "context: { agent: String, mfa: Bool, input: { before: String } }",
                "context: { agent: String, mfa: Bool }");

        assertThat(toolProblems(dir)).containsExactly("manifest.json: tool \"purge_payments\": the schema types no"
                + " arguments for Payments::Action::\"purge_payments\": its context declares no \"input\" (it declares: agent, mfa)");
    }

    @Test
    void aToolWhoseArgumentsAreTypedAsSomethingOtherThanARecordFailsTheBuild(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("schema.cedarschema"), "context: { agent: String, mfa: Bool, input: { before: String } }",
                "context: { agent: String, mfa: Bool, input: String }");

        assertThat(toolProblems(dir)).containsExactly("manifest.json: tool \"purge_payments\": the schema types its arguments"
                + " (\"input\" in the context of Payments::Action::\"purge_payments\") as String: a tool's arguments are a JSON"
                + " object, so \"input\" must be a record of them");
    }

    @Test
    void argumentsTypedThroughACommonTypeAreFollowedToWhatItNames(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("schema.cedarschema"), "context: { agent: String, mfa: Bool, input: { before: String } }",
                "context: { agent: String, mfa: Bool, input: PurgeInput }");
        TestBundles.edit(dir.resolve("schema.cedarschema"), "namespace Payments {", "namespace Payments {\n  type PurgeInput = Set<String>;");
        assertThat(toolProblems(dir)).singleElement().asString().contains("tool \"purge_payments\"").contains(" as Set:");

        TestBundles.edit(dir.resolve("schema.cedarschema"), "type PurgeInput = Set<String>;", "type PurgeInput = { before: String };");
        assertThat(toolProblems(dir)).isEmpty();
    }
}
