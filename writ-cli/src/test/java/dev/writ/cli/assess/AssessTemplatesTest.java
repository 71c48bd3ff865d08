package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.function;
import static dev.writ.cli.assess.AssessRun.json;
import static dev.writ.cli.assess.AssessRun.level;
import static dev.writ.cli.assess.AssessRun.list;
import static dev.writ.cli.assess.AssessRun.missing;
import static dev.writ.cli.assess.AssessRun.stack;
import static dev.writ.cli.assess.AssessRun.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test templates in both shapes: as written (SAM) and as SAM's transform writes them (plain
 * CloudFormation: functions, an OpenAPI body, event source mappings, rules and permissions). The
 * *.transformed.json files are scripts/lib/sam_transform.py's output for the YAML beside them.
 */
class AssessTemplatesTest {

    @ParameterizedTest
    @ValueSource(strings = {"governed.yaml", "governed.transformed.json"})
    void aGuardedFunctionBehindWritsAuthorizerWithVerifiedLineageReachesL4(String name) {
        Map<String, Object> r = json(template(name));
        assertThat(level(stack(r))).isEqualTo(4);
        Map<String, Object> orders = function(r, "Orders");
        assertThat(level(orders)).isEqualTo(4);
        assertThat(orders).containsEntry("role", "application").containsEntry("graded", true)
                .containsEntry("lineageTable", "LineageTable").containsEntry("replayTable", "ReplayTable");
        @SuppressWarnings("unchecked")
        Map<String, Object> governance = (Map<String, Object>) orders.get("governance");
        assertThat(governance.get("mode")).isEqualTo("layer+entry-point");
        assertThat((String) governance.get("evidence")).contains("WRIT_GUARD_HANDLER").contains("com.example.orders.CreateOrder");
        List<Map<String, Object>> sources = list(orders, "eventSources");
        assertThat(sources).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("kind", "api-rest").containsEntry("carriesWrit", "yes").containsEntry("path", "governed")
                    .containsEntry("authorizer", "WritAuthorizer");
        });
        assertThat(missing(orders, 5)).singleElement().asString().contains("Writ does not produce it yet");
        assertThat(function(r, "Authorizer")).containsEntry("role", "authorizer").containsEntry("graded", false).containsEntry("level", null);
        assertThat(function(r, "StreamVerifier")).containsEntry("role", "stream-verifier");
        assertThat(function(r, "Checkpoint")).containsEntry("role", "checkpoint-signer");
        assertThat(list(r, "authorizers")).singleElement().satisfies(a -> assertThat(a).containsEntry("writ", true)
                .containsEntry("cachingOff", true).containsEntry("function", "Authorizer"));
        assertThat(list(r, "lineageTables")).singleElement().satisfies(t -> assertThat(t).containsEntry("protected", true));
        assertThat(list(r, "notAssessed")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ungoverned.yaml", "ungoverned.transformed.json"})
    void s3SqsAndAnApiWithoutWritsAuthorizerAreUngovernedPaths(String name) {
        Map<String, Object> r = json(template(name));
        assertThat(level(stack(r))).isZero();
        for (String fn : List.of("Thumbnails", "Consumer", "Public")) {
            Map<String, Object> f = function(r, fn);
            assertThat(level(f)).as(fn).isZero();
            assertThat(((Map<?, ?>) f.get("governance")).get("mode")).isEqualTo("none");
            assertThat(list(f, "eventSources")).as(fn).isNotEmpty().allSatisfy(s -> assertThat(s).containsEntry("path", "ungoverned"));
        }
        assertThat(list(function(r, "Thumbnails"), "eventSources")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("kind", "s3").containsEntry("carriesWrit", "no"));
        assertThat(list(function(r, "Consumer"), "eventSources")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("kind", "sqs").containsEntry("carriesWrit", "needs-exchange"));
        assertThat(list(function(r, "Public"), "eventSources")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("kind", "api-http").containsEntry("carriesWrit", "no"));
        assertThat(list(r, "findings").stream().filter(f -> f.get("ruleId").equals("ungoverned-path")))
                .extracting(f -> f.get("logicalId")).containsExactlyInAnyOrder("Thumbnails", "Consumer", "Public");
    }

    @Test
    void findingsPointAtTheLineOfTheEventThatReachesTheFunction() {
        Map<String, Object> r = json(template("ungoverned.yaml"));
        assertThat(list(r, "findings").stream().filter(f -> f.get("ruleId").equals("ungoverned-path")))
                .extracting(f -> f.get("logicalId") + ":" + f.get("line"))
                .containsExactlyInAnyOrder("Thumbnails:17", "Consumer:29", "Public:40");
    }

    @Test
    void theNeedForTheWritExchangeIsNamedOnEverySqsPath() {
        var run = AssessRun.run(template("ungoverned.yaml"));
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("SQS queue Queue [ungoverned; needs the writ exchange (not yet available)]")
                .contains("stack: L0 ungoverned");
    }
}
