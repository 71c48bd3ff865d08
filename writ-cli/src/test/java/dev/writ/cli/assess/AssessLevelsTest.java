package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.function;
import static dev.writ.cli.assess.AssessRun.json;
import static dev.writ.cli.assess.AssessRun.level;
import static dev.writ.cli.assess.AssessRun.list;
import static dev.writ.cli.assess.AssessRun.missing;
import static dev.writ.cli.assess.AssessRun.stack;
import static dev.writ.cli.assess.AssessRun.variant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** governed.yaml (L4) with one piece of evidence taken away: the level drops to the one below it, naming what is missing. */
class AssessLevelsTest {
    private static final String GOVERNED = "governed.yaml";

    @TempDir
    Path dir;

    private Map<String, Object> orders(String... fromTo) throws Exception {
        Map<String, Object> r = json(variant(dir, GOVERNED, fromTo));
        Map<String, Object> orders = function(r, "Orders");
        assertThat(level(stack(r))).as("the stack's level is its only graded function's").isEqualTo(level(orders));
        return orders;
    }

    @Test
    void withoutTheStreamVerifierLineageIsNotVerifiedContinuously() throws Exception {
        Map<String, Object> orders = orders("Stream: !GetAtt LineageTable.StreamArn", "Stream: !GetAtt ReplayTable.StreamArn");
        assertThat(level(orders)).isEqualTo(3);
        assertThat(missing(orders, 4)).anySatisfy(m -> assertThat(m).contains("no Writ stream verifier").contains("LineageTable"));
    }

    @Test
    void withoutACheckpointScheduleLineageIsNotVerifiedContinuously() throws Exception {
        Map<String, Object> orders = orders("""
                      Events:
                        Tick:
                          Type: Schedule
                          Properties:
                            Schedule: !Ref Schedule
                """, "");
        assertThat(level(orders)).isEqualTo(3);
        assertThat(missing(orders, 4)).anySatisfy(m -> assertThat(m).contains("no Writ checkpoint signer"));
    }

    @Test
    void anAuthorizerThatMayCacheStopsGovernedExecution() throws Exception {
        Map<String, Object> r = json(variant(dir, GOVERNED, "ReauthorizeEvery: 0", "ReauthorizeEvery: 300"));
        Map<String, Object> orders = function(r, "Orders");
        assertThat(level(orders)).isEqualTo(2);
        assertThat(missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("authorizer WritAuthorizer may cache (ReauthorizeEvery: 300)"));
        assertThat(list(r, "findings")).anySatisfy(f -> assertThat(f).containsEntry("ruleId", "authorizer-caching").containsEntry("level", "error"));
    }

    @Test
    void anAuthorizerWithoutATtlIsNotProvenOff() throws Exception {
        Map<String, Object> orders = orders("              ReauthorizeEvery: 0\n", "");
        assertThat(level(orders)).isEqualTo(2);
        assertThat(missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("ReauthorizeEvery not set (SAM's default caches for 300 s)"));
    }

    @Test
    void eachLineageTableProtectionIsNeeded() throws Exception {
        for (String[] change : new String[][] {
                {"PointInTimeRecoveryEnabled: true", "PointInTimeRecoveryEnabled: false", "no point-in-time recovery"},
                {"DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false", "no deletion protection"},
                {"    UpdateReplacePolicy: Retain\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions: [{AttributeName: chain",
                    "    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions: [{AttributeName: chain", "not retained"},
                {"Action: [dynamodb:UpdateItem, dynamodb:DeleteItem]", "Action: [dynamodb:UpdateItem]", "not shown append-only"},
                {"Effect: Deny", "Effect: Allow", "not shown append-only"}}) {
            Map<String, Object> orders = orders(change[0], change[1]);
            assertThat(level(orders)).as(change[2]).isEqualTo(2);
            assertThat(missing(orders, 3)).as(change[2]).anySatisfy(m -> assertThat(m).contains(change[2]));
        }
    }

    @Test
    void aWildcardDenyCountsAsAppendOnly() throws Exception {
        assertThat(level(orders("Action: [dynamodb:UpdateItem, dynamodb:DeleteItem]", "Action: 'dynamodb:*'"))).isEqualTo(4);
    }

    @Test
    void withoutLineageThereIsNoGovernedExecution() throws Exception {
        Map<String, Object> orders = orders("        WRIT_LINEAGE_TABLE: !Ref LineageTable\n", "");
        assertThat(level(orders)).isEqualTo(2);
        assertThat(missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("WRIT_LINEAGE_TABLE not set"));
    }

    @Test
    void aLineageTableOutsideTheTemplateCannotBeShownProtected() throws Exception {
        Map<String, Object> orders = orders("WRIT_LINEAGE_TABLE: !Ref LineageTable", "WRIT_LINEAGE_TABLE: some-other-table");
        assertThat(level(orders)).isEqualTo(2);
        assertThat(missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("names a table outside this template"));
    }

    @Test
    void evidenceThatAConditionMayRemoveIsNotEvidence() throws Exception {
        Map<String, Object> orders = orders("WRIT_LINEAGE_TABLE: !Ref LineageTable",
                "WRIT_LINEAGE_TABLE: !If [Always, !Ref LineageTable, !Ref AWS::NoValue]", "Parameters:\n", "Conditions:\n  Always: !Equals [a, a]\nParameters:\n");
        assertThat(level(orders)).isEqualTo(2);
        assertThat(missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("WRIT_LINEAGE_TABLE depends on a condition"));
        Map<String, Object> unlayered = orders("Layers: [!Ref GuardLayer]", "Layers: [!If [Always, !Ref GuardLayer, !Ref AWS::NoValue]]",
                "Parameters:\n", "Conditions:\n  Always: !Equals [a, a]\nParameters:\n");
        assertThat(((Map<?, ?>) unlayered.get("governance")).get("mode")).isEqualTo("none");
    }

    @Test
    void aSymmetricKeyCannotSignWrits() throws Exception {
        Map<String, Object> orders = orders("      KeySpec: ECC_NIST_P256\n      KeyUsage: SIGN_VERIFY\n", "");
        assertThat(level(orders)).isEqualTo(2);
        assertThat(missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("SigningKey (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) is not an asymmetric signing key"));
    }

    @Test
    void replayAndRevocationAreNeededForGovernedExecution() throws Exception {
        assertThat(missing(orders("        WRIT_GUARD_REPLAY_TABLE: !Ref ReplayTable\n", ""), 3))
                .anySatisfy(m -> assertThat(m).contains("single-use writs cannot be enforced"));
        assertThat(missing(orders("        WRIT_GUARD_MIN_BUNDLE_REVISION: '1'\n", ""), 3))
                .anySatisfy(m -> assertThat(m).contains("revoked policy bundle"));
    }

    @Test
    void theVariableNamesBefore02AreEvidenceToo() throws Exception {
        Map<String, Object> orders = orders("WRIT_GUARD_TRUSTED_ISSUERS:", "WRIT_TRUSTED_ISSUERS:", "WRIT_GUARD_TRUSTED_KEYS:", "WRIT_TRUSTED_KEYS:",
                "WRIT_CHECKPOINT_KMS_KEY_ID:", "WRIT_KMS_KEY_ID:", "WRIT_GUARD_REPLAY_TABLE:", "WRIT_REPLAY_TABLE:",
                "WRIT_GUARD_MIN_BUNDLE_REVISION:", "WRIT_MIN_BUNDLE_REVISION:");
        assertThat(level(orders)).isEqualTo(4);
    }

    @Test
    void withoutTrustedIssuersTheGuardCannotStart() throws Exception {
        Map<String, Object> orders = orders("        WRIT_GUARD_TRUSTED_ISSUERS: writ-authorizer\n", "");
        assertThat(level(orders)).isEqualTo(1);
        assertThat(missing(orders, 2)).anySatisfy(m -> assertThat(m).contains("no trusted issuer"));
    }

    @Test
    void theEntryPointWithoutTheGuardLayerIsNotGuardedButStillAuthorizedAtTheApi() throws Exception {
        Map<String, Object> orders = orders("      Layers: [!Ref GuardLayer]\n", "");
        assertThat(level(orders)).isEqualTo(1);
        assertThat(((Map<?, ?>) orders.get("governance")).get("mode")).isEqualTo("none");
        assertThat(list(orders, "eventSources")).singleElement().satisfies(s -> assertThat(s).containsEntry("path", "authorized-unenforced"));
        assertThat(missing(orders, 2)).singleElement().asString().contains("no guard layer is attached");
    }

    @Test
    void theEntryPointWithoutTheOriginalHandlerIsNotGuarded() throws Exception {
        Map<String, Object> orders = orders("          WRIT_GUARD_HANDLER: com.example.orders.CreateOrder::handleRequest\n", "");
        assertThat(((Map<?, ?>) orders.get("governance")).get("mode")).isEqualTo("none");
        assertThat(missing(orders, 2)).singleElement().asString().contains("WRIT_GUARD_HANDLER is not set");
    }

    @Test
    void theOriginalHandlerPointedAtDirectlyIsNotGuardedWhateverElseIsAttached() throws Exception {
        Map<String, Object> orders = orders("Handler: dev.writ.guard.entry.GuardedHandler", "Handler: com.example.orders.CreateOrder::handleRequest");
        assertThat(((Map<?, ?>) orders.get("governance")).get("mode")).isEqualTo("none");
        assertThat(level(orders)).isEqualTo(1);
    }

    @Test
    void aWritExampleHandlerIsACodeWrapper() throws Exception {
        Map<String, Object> orders = orders("Handler: dev.writ.guard.entry.GuardedHandler", "Handler: dev.writ.examples.payments.CreatePayment",
                "          WRIT_GUARD_HANDLER: com.example.orders.CreateOrder::handleRequest\n", "");
        assertThat(((Map<?, ?>) orders.get("governance")).get("mode")).isEqualTo("code-wrapper");
        assertThat(level(orders)).isEqualTo(4);
    }

    @Test
    void anUnknownHandlerWithTheGuardLayerAndItsVariablesIsACodeWrapperThatSaysWhatItCannotSee() throws Exception {
        Map<String, Object> orders = orders("Handler: dev.writ.guard.entry.GuardedHandler", "Handler: com.example.orders.Guarded",
                "          WRIT_GUARD_HANDLER: com.example.orders.CreateOrder::handleRequest\n", "");
        Map<?, ?> governance = (Map<?, ?>) orders.get("governance");
        assertThat(governance.get("mode")).isEqualTo("code-wrapper");
        assertThat((String) governance.get("evidence")).contains("cannot show that handler com.example.orders.Guarded calls the guard");
    }

    @Test
    void aGuardedFunctionReachedByS3IsDeniedThatPathNotUngoverned() throws Exception {
        Map<String, Object> r = json(variant(dir, GOVERNED, "            Method: post\n", """
                            Method: post
                        Upload:
                          Type: S3
                          Properties:
                            Bucket: !Ref Uploads
                            Events: s3:ObjectCreated:*
                  Uploads:
                    Type: AWS::S3::Bucket
                """.replace("\n  Uploads:", "\n  Uploads:")));
        Map<String, Object> orders = function(r, "Orders");
        assertThat(level(orders)).isEqualTo(4);
        assertThat(list(orders, "eventSources")).anySatisfy(s -> assertThat(s).containsEntry("kind", "s3").containsEntry("path", "denied"));
        assertThat(list(r, "findings")).anySatisfy(f -> assertThat(f).containsEntry("ruleId", "denied-path").containsEntry("logicalId", "Orders"));
    }

    @Test
    void anUnknownResourceTypeIsNotAssessedAndHoldsTheStackAtL0UnlessExcluded() throws Exception {
        Path t = variant(dir, GOVERNED, "Resources:\n", """
                Resources:
                  Workflow:
                    Type: AWS::StepFunctions::StateMachine
                    Properties:
                      DefinitionString: '{}'
                      RoleArn: arn:aws:iam::123456789012:role/x
                """);
        Map<String, Object> r = json(t);
        assertThat(level(function(r, "Orders"))).isEqualTo(4);
        assertThat(level(stack(r))).isZero();
        assertThat(missing(stack(r), 1)).anySatisfy(m -> assertThat(m).contains("Workflow (AWS::StepFunctions::StateMachine) not assessed"));
        assertThat(list(r, "notAssessed")).singleElement().satisfies(n -> assertThat(n).containsEntry("logicalId", "Workflow").containsEntry("excluded", false));
        Map<String, Object> excluded = json(t, "--exclude", "Workflow");
        assertThat(level(stack(excluded))).isEqualTo(4);
        assertThat(list(excluded, "notAssessed")).singleElement().satisfies(n -> assertThat(n).containsEntry("excluded", true));
    }

    @Test
    void anExcludedFunctionIsReportedButNotGraded() throws Exception {
        Path t = variant(dir, GOVERNED, "Resources:\n", """
                Resources:
                  Legacy:
                    Type: AWS::Lambda::Function
                    Properties:
                      Handler: com.example.Legacy
                      Runtime: java21
                      Role: arn:aws:iam::123456789012:role/x
                      Code: {ZipFile: x}
                """);
        assertThat(level(stack(json(t)))).isZero();
        Map<String, Object> r = json(t, "--exclude", "Legacy");
        assertThat(level(stack(r))).isEqualTo(4);
        assertThat(function(r, "Legacy")).containsEntry("excluded", true).containsEntry("graded", false).containsEntry("level", 0);
    }
}
