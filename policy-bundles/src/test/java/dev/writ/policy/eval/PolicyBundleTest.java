package dev.writ.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.RouteMatch;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBundleTest {
    private static final Instant TEN_UTC = Instant.parse("2026-11-23T10:00:00Z");
    private static PolicyBundle payments;

    @BeforeAll
    static void compileSample() throws IOException {
        PolicyBundle.Compiled c = PolicyBundle.compile(BundleSource.fromDirectory(TestBundles.PAYMENTS));
        assertThat(c.problems()).isEmpty();
        payments = c.bundle().orElseThrow();
    }

    private static List<BundleProblem> problemsOf(Path dir) throws IOException {
        PolicyBundle.Compiled c = PolicyBundle.compile(BundleSource.fromDirectory(dir));
        assertThat(c.bundle()).isEmpty();
        return c.problems();
    }

    private static AuthzRequest create(String user, Set<String> groups, Map<String, Object> context) {
        RouteMatch m = payments.route("POST", "/payments").orElseThrow();
        return AuthzRequest.forRoute(m, user, groups, context);
    }

    @Test
    void givesAHopsRolesWithEveryAncestorGroup() {
        assertThat(payments.roles(List.of("admin"))).containsExactly("admin", "approver", "clerk", "viewer");
        assertThat(payments.roles(List.of("clerk", "suspended"))).containsExactly("clerk", "suspended", "viewer");
        assertThat(payments.roles(List.of("unknown"))).containsExactly("unknown");
        assertThat(payments.roles(List.of())).isEmpty();
    }

    @Test
    void decidesAHopWithTheCallingFunctionAsPrincipal() {
        dev.writ.policy.bundle.Hop ledger = payments.manifest().hop(dev.writ.policy.bundle.Hop.Kind.LAMBDA_INVOKE, "ledger-post")
                .orElseThrow();
        Map<String, Object> forAnAdmin = HopContext.of("ada", payments.roles(List.of("admin")), "t-1", 1, null, TEN_UTC);

        Evaluation fromWrite = payments.authorize(AuthzRequest.forHop("Payments::Function", ledger, "payments-write", forAnAdmin));
        Evaluation fromRead = payments.authorize(AuthzRequest.forHop("Payments::Function", ledger, "payments-read", forAnAdmin));

        assertThat(fromWrite.isAllowed()).as(fromWrite.toString()).isTrue();
        assertThat(fromWrite.determiningPolicies()).containsExactly("ledger-from-payments-write");
        assertThat(fromRead.effect()).isEqualTo(Evaluation.Effect.DENY);
        assertThat(fromRead.errors()).isEmpty();
    }

    @Test
    void allowNamesThePermitsThatMatched() {
        Evaluation d = payments.authorize(create("carl", Set.of("clerk"), Map.of("now", TEN_UTC, "mfa", true, "amount", 10)));

        assertThat(d.effect()).isEqualTo(Evaluation.Effect.ALLOW);
        assertThat(d.determiningPolicies()).containsExactly("create-clerk");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void denyByForbidNamesTheForbid() {
        Evaluation d = payments.authorize(create("carl", Set.of("clerk"), Map.of("now", TEN_UTC, "mfa", false, "amount", 10)));

        assertThat(d.effect()).isEqualTo(Evaluation.Effect.DENY);
        assertThat(d.determiningPolicies()).containsExactly("mfa-for-writes");
    }

    @Test
    void anInstantWithNanosecondsIsACedarDatetime() {
        Instant withNanos = Instant.parse("2026-11-23T17:59:59.999999999Z");
        Evaluation refund = payments.authorize(AuthzRequest.forRoute(payments.route("POST", "/payments/p-1/refund").orElseThrow(),
                "ada", Set.of("admin"), Map.of("now", withNanos, "mfa", true, "amount", 10)));

        assertThat(refund.errors()).isEmpty();
        assertThat(refund.isAllowed()).isTrue();
    }

    @Test
    void defaultDenyWhenNoPermitMatches() {
        Evaluation d = payments.authorize(create("eve", Set.of(), Map.of("now", TEN_UTC, "mfa", true, "amount", 10)));

        assertThat(d.isAllowed()).isFalse();
        assertThat(d.determiningPolicies()).isEmpty();
        assertThat(d.errors()).isEmpty();
        assertThat(d.refused()).as("Cedar evaluated it").isFalse();
    }

    @Test
    void aRequestTheSchemaRefusesIsADenyWithTheReason() {
        Evaluation missingAmount = payments.authorize(create("ada", Set.of("admin"), Map.of("now", TEN_UTC, "mfa", true)));
        Evaluation wrongType = payments.authorize(create("ada", Set.of("admin"), Map.of("now", TEN_UTC, "mfa", "yes", "amount", 1)));

        for (Evaluation d : List.of(missingAmount, wrongType)) {
            assertThat(d.isAllowed()).isFalse();
            assertThat(d.errors()).singleElement().asString().startsWith("INVALID_REQUEST");
            assertThat(d.refused()).isTrue();
        }
    }

    @Test
    void valuesCedarCannotHoldAreADenyNotAnException() {
        Evaluation floating = payments.authorize(create("ada", Set.of("admin"), Map.of("now", TEN_UTC, "mfa", true, "amount", 1.5)));
        Evaluation badAction = payments.authorize(new AuthzRequest("ada", Set.of("admin"), Map.of(), "not an action",
                "Payments::Collection", "payments", Map.of()));

        assertThat(floating.isAllowed()).isFalse();
        assertThat(floating.errors()).singleElement().asString().contains("floating point");
        assertThat(badAction.isAllowed()).isFalse();
        assertThat(badAction.errors()).singleElement().asString().contains("bad action");
        assertThat(floating.refused()).isTrue();
        assertThat(badAction.refused()).isTrue();
    }

    @Test
    void aNumberCedarsLongWouldRoundOrCutIsRefusedNotChanged() {
        // Each would decide on another amount than the one given: 120, or Long.MIN_VALUE for 2^63.
        for (Object amount : List.of(new BigDecimal("120.000000000000001"), 120.0, BigInteger.ONE.shiftLeft(63))) {
            Evaluation d = payments.authorize(create("ada", Set.of("admin"), Map.of("now", TEN_UTC, "mfa", true, "amount", amount)));
            assertThat(d.refused()).as("%s", amount).isTrue();
            assertThat(d.errors()).singleElement().asString().as("%s", amount)
                    .contains("no Cedar value for " + amount.getClass().getSimpleName()).contains("refused, not rounded");
        }
        // The largest Long is a Cedar Long as it is: evaluated.
        Evaluation largest = payments.authorize(create("ada", Set.of("admin"), Map.of("now", TEN_UTC, "mfa", true,
                "amount", Long.MAX_VALUE)));
        assertThat(largest.refused()).isFalse();
    }

    @Test
    void aPrincipalIdIsDataNeverCedarSyntax() {
        Evaluation d = payments.authorize(create("x\" in Payments::Group::\"admin", Set.of(), Map.of("now", TEN_UTC, "mfa", true, "amount", 10)));

        assertThat(d.isAllowed()).isFalse();
        assertThat(d.determiningPolicies()).isEmpty();
    }

    @Test
    void policyIdsComeFromIdAnnotationsElseFileStemAndIndex(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        Files.writeString(dir.resolve("policies/extra.cedar"),
                "permit (principal in Payments::Group::\"viewer\", action == Payments::Action::\"ListPayments\", resource);\n"
                + "@id(\"named\")\npermit (principal in Payments::Group::\"clerk\", action == Payments::Action::\"ListPayments\", resource);\n"
                + "permit (principal in Payments::Group::\"admin\", action == Payments::Action::\"ListPayments\", resource);\n");

        PolicyBundle b = PolicyBundle.compile(BundleSource.fromDirectory(dir)).bundle().orElseThrow();

        assertThat(b.policyFiles()).containsEntry("extra.0", "policies/extra.cedar")
                .containsEntry("named", "policies/extra.cedar")
                .containsEntry("extra.2", "policies/extra.cedar")
                .containsEntry("mfa-for-writes", "policies/guards.cedar");
        Evaluation d = b.authorize(AuthzRequest.forRoute(b.route("GET", "/payments").orElseThrow(), "ada", Set.of("admin"),
                Map.of("now", TEN_UTC, "mfa", true)));
        assertThat(d.determiningPolicies()).containsExactly("extra.0", "extra.2", "named", "read-viewer");
    }

    @Test
    void aPolicyThatFailsValidationIsNamedByFilePolicyIdAndLine(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("policies/write.cedar"), "context.amount <= 10000", "context.amout <= 10000");

        List<BundleProblem> problems = problemsOf(dir);

        assertThat(problems).hasSize(1);
        BundleProblem p = problems.get(0);
        assertThat(p.file()).isEqualTo("policies/write.cedar");
        assertThat(p.policyId()).contains("create-clerk");
        assertThat(p.message()).startsWith("line 6: ").contains("amout");
        assertThat(p.toString()).startsWith("policies/write.cedar: policy \"create-clerk\": line 6:");
    }

    @Test
    void aTypeErrorUnderStrictValidationIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("policies/guards.cedar"), "unless { context.mfa }", "unless { context.mfa == \"true\" }");

        assertThat(problemsOf(dir)).singleElement()
                .satisfies(p -> assertThat(p.policyId()).contains("mfa-for-writes"))
                .satisfies(p -> assertThat(p.file()).isEqualTo("policies/guards.cedar"));
    }

    @Test
    void aPolicyThatDoesNotParseNamesItsFile(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("policies/read.cedar"), "resource\n);", "resource\n)");

        assertThat(problemsOf(dir)).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo("policies/read.cedar"))
                .satisfies(p -> assertThat(p.message()).startsWith("does not parse"));
    }

    @Test
    void aDuplicatePolicyIdNamesBothFiles(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        Files.writeString(dir.resolve("policies/zz.cedar"),
                "@id(\"read-viewer\")\npermit (principal in Payments::Group::\"viewer\", action == Payments::Action::\"ListPayments\", resource);\n");

        assertThat(problemsOf(dir)).singleElement().asString()
                .isEqualTo("policies/zz.cedar: policy \"read-viewer\": duplicate policy id (also in policies/read.cedar)");
    }

    @Test
    void entitiesThatDoNotFitTheSchemaAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("entities.json"), "\"id\": \"suspended\"}, \"attrs\": {}", "\"id\": \"suspended\"}, \"attrs\": {\"level\": 3}");

        assertThat(problemsOf(dir)).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo("entities.json"));
    }

    @Test
    void aMissingSchemaOrManifestIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        Files.delete(dir.resolve("schema.cedarschema"));
        Files.delete(dir.resolve("manifest.json"));

        assertThat(problemsOf(dir)).extracting(BundleProblem::file).contains("schema.cedarschema", "manifest.json");
    }

    @Test
    void theLabelNamesBundleRevisionAndHash() {
        assertThat(payments.label()).matches("payments-api@3#[0-9a-f]{64}");
        assertThat(payments.contentHash()).isEqualTo(payments.source().contentHash());
        assertThat(Optional.of(payments.manifest().name())).contains("payments-api");
    }
}
