package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.function;
import static dev.writ.cli.assess.AssessRun.json;
import static dev.writ.cli.assess.AssessRun.level;
import static dev.writ.cli.assess.AssessRun.list;
import static dev.writ.cli.assess.AssessRun.missing;
import static dev.writ.cli.assess.AssessRun.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** plain.yaml: event sources written as resources of their own, as a template without SAM has them. */
class AssessPlainCloudFormationTest {
    private final Map<String, Object> report = json(template("plain.yaml"));

    @Test
    void aRestMethodAndAnHttpRouteWithWritsAuthorizerReachTheGuardedFunction() {
        Map<String, Object> orders = function(report, "Orders");
        assertThat(((Map<?, ?>) orders.get("governance")).get("mode")).isEqualTo("layer+entry-point");
        assertThat(list(orders, "eventSources")).extracting(s -> s.get("kind"), s -> s.get("carriesWrit"), s -> s.get("path"), s -> s.get("authorizer"))
                .containsExactlyInAnyOrder(tuple("api-rest", "yes", "governed", "ApiAuthorizer"), tuple("api-http", "yes", "governed", "HttpAuthorizer"));
        assertThat(level(orders)).isEqualTo(2);
        assertThat(missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("trusted keys are not KMS keys of this template"))
                .anySatisfy(m -> assertThat(m).contains("authorizer HttpAuthorizer may cache (AuthorizerResultTtlInSeconds not set)"));
        assertThat(list(report, "authorizers")).extracting(a -> a.get("name"), a -> a.get("cachingOff"))
                .containsExactlyInAnyOrder(tuple("ApiAuthorizer", true), tuple("HttpAuthorizer", false));
    }

    @Test
    void everyOtherKindOfSourceIsFoundThroughAliasesArnsAndPermissions() {
        Map<String, Object> worker = function(report, "Worker");
        assertThat(list(worker, "eventSources")).extracting(s -> s.get("kind"), s -> s.get("carriesWrit"), s -> s.get("path"))
                .containsExactlyInAnyOrder(
                        tuple("sqs", "needs-exchange", "ungoverned"),
                        tuple("s3", "no", "ungoverned"),
                        tuple("sns", "needs-exchange", "ungoverned"),
                        tuple("schedule", "no", "ungoverned"),
                        tuple("eventbridge", "needs-exchange", "ungoverned"),
                        tuple("function-url", "no", "ungoverned"),
                        tuple("direct-invoke", "needs-exchange", "ungoverned"),
                        tuple("cloudformation", "no", "ungoverned"));
        assertThat(level(worker)).isZero();
        assertThat(function(report, "AuthorizerFn")).containsEntry("role", "authorizer");
        assertThat(list(report, "notAssessed")).isEmpty();
    }
}
