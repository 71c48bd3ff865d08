package dev.writ.samtemplates;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the stack keeps at rest is under its customer-managed {@code DataKey}, and everything that
 * reads or writes it may use the key. No emulator enforces KMS on DynamoDB, SQS or CloudWatch
 * Logs, so a role that lost its key grant would only fail once deployed (AccessDenied on every
 * lineage write): this checks the template instead.
 */
class DataKeyTemplateTest {
    private static final Map<String, Object> DATA_KEY_ARN = Map.of("Fn::GetAtt", List.of("DataKey", "Arn"));
    private static final Map<String, Object> KEY_READ = Map.of("Ref", "TablesKeyReadPolicy");
    private static final Map<String, Object> KEY_WRITE = Map.of("Ref", "TablesKeyWritePolicy");
    private static final List<String> TABLE_WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");

    private CfnTemplate template;

    @BeforeEach
    void load() throws IOException {
        template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
    }

    @Test
    void theKeyRotatesAndOutlivesTheRetainedLineageTable() {
        Map<String, Object> key = CfnTemplate.map(template.resources().get("DataKey"));
        assertThat(key).containsEntry("Type", "AWS::KMS::Key")
                .containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(CfnTemplate.map(key.get("Properties"))).containsEntry("EnableKeyRotation", true)
                .containsEntry("KeySpec", "SYMMETRIC_DEFAULT");
    }

    @Test
    void everyTableQueueAndLogGroupIsEncryptedUnderTheDataKey() {
        Map<String, Map<String, Object>> tables = template.resourcesOfType("AWS::DynamoDB::Table");
        assertThat(tables).isNotEmpty();
        tables.forEach((id, table) -> assertThat(CfnTemplate.map(table.get("SSESpecification"))).as(id)
                .containsEntry("SSEEnabled", true).containsEntry("SSEType", "KMS")
                .containsEntry("KMSMasterKeyId", DATA_KEY_ARN));
        template.resourcesOfType("AWS::SQS::Queue").forEach((id, queue) ->
                assertThat(queue).as(id).containsEntry("KmsMasterKeyId", DATA_KEY_ARN));
        Map<String, Map<String, Object>> logs = template.resourcesOfType("AWS::Logs::LogGroup");
        assertThat(logs).isNotEmpty();
        logs.forEach((id, group) -> assertThat(group).as(id).containsEntry("KmsKeyId", DATA_KEY_ARN));
    }

    /** The key policy lets CloudWatch Logs use the key for the stack's /writ/<stack>/ groups only. */
    @Test
    void everyLogGroupIsOneTheKeyPolicyLetsCloudWatchLogsEncrypt() {
        String allowed = String.valueOf(keyPolicyStatement("AccessLogsThroughCloudWatchLogs").get("Condition"));
        assertThat(allowed).contains(":log-group:/writ/${AWS::StackName}/*");
        template.resourcesOfType("AWS::Logs::LogGroup").forEach((id, group) ->
                assertThat(String.valueOf(CfnTemplate.map(group.get("LogGroupName")).get("Fn::Sub"))).as(id)
                        .startsWith("/writ/${AWS::StackName}/"));
    }

    @Test
    void everyRoleThatTouchesATableMayUseTheKeyForIt() {
        List<String> missing = new ArrayList<>();
        template.resourcesOfType("AWS::IAM::Role").forEach((id, role) -> {
            List<String> actions = allowedActions(role.get("Policies"));
            List<Object> managed = CfnTemplate.list(role.get("ManagedPolicyArns"));
            boolean reads = actions.stream().anyMatch(a -> a.startsWith("dynamodb:") && !a.equals("dynamodb:ListStreams"));
            boolean writes = actions.stream().anyMatch(TABLE_WRITES::contains);
            if (writes && !managed.contains(KEY_WRITE)) {
                missing.add(id + " writes a table without TablesKeyWritePolicy");
            } else if (reads && !managed.contains(KEY_WRITE) && !managed.contains(KEY_READ)) {
                missing.add(id + " reads a table without TablesKeyReadPolicy");
            }
            if (actions.contains("sqs:SendMessage") && !actions.contains("kms:GenerateDataKey")) {
                missing.add(id + " sends to an encrypted queue without kms:GenerateDataKey");
            }
        });
        assertThat(missing).isEmpty();
        assertThat(allowedActions(policyDocument("TablesKeyReadPolicy"))).contains("kms:Decrypt");
        assertThat(allowedActions(policyDocument("TablesKeyWritePolicy")))
                .contains("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*");
    }

    private Map<String, Object> policyDocument(String managedPolicy) {
        return CfnTemplate.map(template.resourcesOfType("AWS::IAM::ManagedPolicy").get(managedPolicy).get("PolicyDocument"));
    }

    private Map<String, Object> keyPolicyStatement(String sid) {
        Map<String, Object> policy = CfnTemplate.map(template.resourcesOfType("AWS::KMS::Key").get("DataKey").get("KeyPolicy"));
        return CfnTemplate.list(policy.get("Statement")).stream().map(CfnTemplate::map)
                .filter(s -> sid.equals(s.get("Sid"))).findFirst().orElseThrow(() -> new AssertionError("no statement " + sid));
    }

    /** Every action an Allow statement anywhere under {@code node} grants (both branches of an If). */
    private static List<String> allowedActions(Object node) {
        List<String> actions = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            if ("Allow".equals(map.get("Effect"))) {
                Object action = map.get("Action");
                if (action instanceof String a) {
                    actions.add(a);
                } else {
                    CfnTemplate.list(action).forEach(a -> actions.add(String.valueOf(a)));
                }
            }
            map.values().forEach(v -> actions.addAll(allowedActions(v)));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> actions.addAll(allowedActions(v)));
        }
        return actions;
    }
}
