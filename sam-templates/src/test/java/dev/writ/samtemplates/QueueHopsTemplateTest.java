package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The sample bundle's queue hops deployed as the bundle says: a queue named as the hop's target,
 * consumed by the function the hop names (its {@code WRIT_GUARD_FUNCTION_NAME}, the child writs'
 * aud) with partial batch responses, behind a dead-letter queue; and no role may send to a queue
 * the bundle maps no hop to (the exchange would refuse the child writ, so the send could only fail
 * or, without the guard's interceptor, go without one).
 */
class QueueHopsTemplateTest {
    private static final Path MANIFEST = Path.of("..", "policy-bundles", "payments-api", "manifest.json");

    /** Queue name → consuming function, for every {@code sqs:SendMessage} hop of the sample bundle. */
    private static Map<String, String> queueHops() throws IOException {
        Map<String, Object> manifest;
        try (Reader in = Files.newBufferedReader(MANIFEST, StandardCharsets.UTF_8)) {
            manifest = CfnTemplate.map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        }
        Map<String, String> hops = new LinkedHashMap<>();
        CfnTemplate.map(manifest.get("hops")).forEach((key, hop) -> {
            if (key.startsWith("sqs:SendMessage ")) {
                hops.put(key.substring("sqs:SendMessage ".length()), String.valueOf(CfnTemplate.map(hop).get("function")));
            }
        });
        return hops;
    }

    private static String getAttArnOf(Object value) {
        Object att = value instanceof Map ? CfnTemplate.map(value).get("Fn::GetAtt") : null;
        String ref = att instanceof List ? String.join(".", CfnTemplate.list(att).stream().map(String::valueOf).toList())
                : String.valueOf(att);
        return ref.endsWith(".Arn") ? ref.substring(0, ref.length() - ".Arn".length()) : null;
    }

    @Test
    void everyQueueHopHasItsQueueAndItsGuardedConsumerWithPartialBatchResponses() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        Map<String, String> hops = queueHops();
        assertThat(hops).containsEntry("payment-events", "payments-notify");

        hops.forEach((queueName, consumer) -> {
            String queueId = queues.entrySet().stream().filter(q -> queueName.equals(q.getValue().get("QueueName")))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            assertThat(queueId).as("a queue named %s", queueName).isNotNull();
            Object redrive = queues.get(queueId).get("RedrivePolicy");
            assertThat(redrive).as("%s has a dead-letter queue", queueId).isNotNull();
            assertThat(queues).containsKey(getAttArnOf(CfnTemplate.map(redrive).get("deadLetterTargetArn")));

            List<String> consumers = new ArrayList<>();
            template.resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
                CfnTemplate.map(fn.getOrDefault("Events", Map.of())).values().forEach(e -> {
                    Map<String, Object> event = CfnTemplate.map(e);
                    Map<String, Object> properties = CfnTemplate.map(event.get("Properties"));
                    if ("SQS".equals(event.get("Type")) && queueId.equals(getAttArnOf(properties.get("Queue")))) {
                        assertThat(properties.get("FunctionResponseTypes")).as(id).isEqualTo(List.of("ReportBatchItemFailures"));
                        Map<String, Object> variables = CfnTemplate.map(CfnTemplate.map(fn.get("Environment")).get("Variables"));
                        assertThat(variables.get("WRIT_GUARD_FUNCTION_NAME")).as(id).isEqualTo(consumer);
                        consumers.add(id);
                    }
                });
            });
            assertThat(consumers).as("consumers of %s", queueId).hasSize(1);
        });
    }

    @Test
    void aRoleMaySendOnlyToAQueueTheBundleMapsAHopTo() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        Map<String, String> hops = queueHops();
        List<String> senders = new ArrayList<>();
        template.resourcesOfType("AWS::IAM::Role").forEach((roleId, role) -> {
            for (Object p : CfnTemplate.list(role.get("Policies"))) {
                if (!(p instanceof Map) || !CfnTemplate.map(p).containsKey("PolicyDocument")) {
                    continue; // an Fn::If around a policy of another kind
                }
                for (Object s : CfnTemplate.list(CfnTemplate.map(CfnTemplate.map(p).get("PolicyDocument")).get("Statement"))) {
                    Map<String, Object> statement = CfnTemplate.map(s);
                    if (!String.valueOf(statement.get("Action")).contains("sqs:SendMessage")) {
                        continue;
                    }
                    String queueId = getAttArnOf(statement.get("Resource"));
                    assertThat(queues).as("%s sends to one queue of this template", roleId).containsKey(queueId);
                    Object name = queues.get(queueId).get("QueueName");
                    if (name != null) {
                        // A named queue is a hop target: only the bundle's callers may send to it.
                        assertThat(hops).as("%s sends to %s", roleId, name).containsKey(String.valueOf(name));
                    }
                    senders.add(roleId + " " + queueId);
                }
            }
        });
        assertThat(senders).contains("PaymentsRole PaymentEventsQueue");
    }

    @Test
    void paymentsWriteIsToldTheQueueItSendsItsPaymentEventsTo() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        Map<String, String> queueIds = new LinkedHashMap<>();
        template.resourcesOfType("AWS::SQS::Queue").forEach((id, q) -> queueIds.put(id, String.valueOf(q.get("QueueName"))));
        List<String> senders = new ArrayList<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
            Map<String, Object> variables = CfnTemplate.map(CfnTemplate.map(fn.getOrDefault("Environment", Map.of()))
                    .getOrDefault("Variables", Map.of()));
            if ("payments-write".equals(variables.get("WRIT_GUARD_FUNCTION_NAME"))) {
                Object ref = CfnTemplate.map(variables.get("PAYMENT_EVENTS_QUEUE_URL")).get("Ref");
                assertThat(queueIds.get(String.valueOf(ref))).as("%s's PAYMENT_EVENTS_QUEUE_URL", id).isEqualTo("payment-events");
                senders.add(id);
            }
        });
        assertThat(senders).containsExactlyInAnyOrder("PaymentsRestFunction", "PaymentsHttpFunction");
    }
}
