package dev.writ.policy.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleProblem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route or hop whose request Cedar would refuse on every call fails the build, naming the route or hop and why. */
class RouteRequestsTest {

    private static List<String> routeProblems(Path dir) {
        return BundleTester.test(dir).problems().stream().map(BundleProblem::toString)
                .filter(p -> p.contains("Cedar refuses the request the authorizer sends")).toList();
    }

    @Test
    void theSampleBundlesRoutesAllFit() {
        assertThat(routeProblems(TestBundles.PAYMENTS)).isEmpty();
    }

    @Test
    void aContextAttributeTypedOtherwiseThanTheAuthorizerSuppliesItFailsEachRouteOfTheAction(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        // No read policy reads mfa, so the policies still validate; every read request would not.
        TestBundles.edit(dir.resolve("schema.cedarschema"), "mfa: Bool,\n    sourceIp?: ipaddr,\n    scopes?: Set<String>,\n  };",
                "mfa: String,\n    sourceIp?: ipaddr,\n    scopes?: Set<String>,\n  };");

        List<String> problems = routeProblems(dir);

        // The two reads share ReadContext (the MCP endpoint's route has its own, McpContext).
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("manifest.json: route \"GET /payments\": Cedar refuses the"
                + " request the authorizer sends for it: INVALID_REQUEST").contains("mfa");
        assertThat(problems.get(1)).contains("route \"GET /payments/{paymentId}\"");
    }

    @Test
    void aRequiredAttributeTheAuthorizerDoesNotSupplyFailsTheBuild(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("schema.cedarschema"), "amount: Long,", "amount: Long,\n    tenant: String,");

        List<String> problems = routeProblems(dir);

        assertThat(problems).hasSize(3);
        assertThat(problems).allSatisfy(p -> assertThat(p).contains("tenant"));
        assertThat(problems.get(0)).contains("route \"POST /payments\"");
    }

    @Test
    void aRequiredSourceIpFailsTheBuildBecauseTokenEventsHaveNone(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("schema.cedarschema"), "sourceIp?: ipaddr,", "sourceIp: ipaddr,");

        List<String> problems = routeProblems(dir);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("route \"GET /payments\": Cedar refuses the request the authorizer sends"
                + " for it without a sourceIp (as for a REST TOKEN event): INVALID_REQUEST").contains("sourceIp");
    }

    @Test
    void aRouteWhoseRequestWithoutItsOptionalInputsCedarRefusesFailsTheBuild(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        // A context behind more common-type names than the compiler follows is not read by it (it
        // then gets every attribute the authorizer supplies, so it declares them all), and only
        // Cedar's answer shows the required mcpName: a request without the header would be
        // refused on every call.
        TestBundles.edit(dir.resolve("schema.cedarschema"), "mcpName?: String,", "mcpName: String,");
        TestBundles.edit(dir.resolve("schema.cedarschema"), "type McpContext = {", "type McpContext = {\n    now: datetime,");
        StringBuilder aliases = new StringBuilder("type Mcp0 = McpContext;\n");
        for (int i = 1; i <= 17; i++) {
            aliases.append("  type Mcp").append(i).append(" = Mcp").append(i - 1).append(";\n");
        }
        TestBundles.edit(dir.resolve("schema.cedarschema"), "resource: [ToolServer], context: McpContext };",
                "resource: [ToolServer], context: Mcp17 };\n  " + aliases);

        List<String> problems = routeProblems(dir);

        assertThat(problems).singleElement().asString().startsWith("manifest.json: route \"POST /mcp\": Cedar refuses the request"
                + " the authorizer sends for it without its optional inputs: INVALID_REQUEST").contains("mcpName");
    }

    @Test
    void aHopWhoseRequestTheSchemaRefusesFailsTheBuild(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        // The exchange supplies no tenant: every hop request would be refused.
        TestBundles.edit(dir.resolve("schema.cedarschema"), "    depth: Long,\n", "    depth: Long,\n    tenant: String,\n");

        List<String> problems = BundleTester.test(dir).problems().stream().map(BundleProblem::toString)
                .filter(p -> p.contains("Cedar refuses the request the writ exchange sends")).toList();

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("manifest.json: hop \"lambda:Invoke ledger-post\"").contains("tenant");
        assertThat(problems.get(1)).contains("hop \"sqs:SendMessage payment-events\"");
    }

    @Test
    void aHopWithoutTheOptionalParentActionMustFitToo(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("schema.cedarschema"), "parentAction?: String,", "parentAction: String,");

        assertThat(BundleTester.test(dir).problems().stream().map(BundleProblem::toString)
                .filter(p -> p.contains("without a parentAction")).toList()).hasSize(2);
    }

    @Test
    void aRouteWhoseResourceTypeTheActionDoesNotApplyToFailsTheBuild(@TempDir Path tmp) {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("manifest.json"), "\"resource\": {\"type\": \"Payments::Collection\", \"id\": \"payments\"},\n"
                + "      \"function\": \"payments-read\"", "\"resource\": {\"type\": \"Payments::Payment\", \"id\": \"payments\"},\n"
                + "      \"function\": \"payments-read\"");

        List<String> problems = routeProblems(dir);

        assertThat(problems).singleElement().asString().contains("route \"GET /payments\"").contains("Payments::Payment");
    }
}
