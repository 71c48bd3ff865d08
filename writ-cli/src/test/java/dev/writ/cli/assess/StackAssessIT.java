package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.function;
import static dev.writ.cli.assess.AssessRun.list;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import dev.writ.testsupport.Emulators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@code writ assess --stack} against moto (scripts/test points AWS_ENDPOINT_URL_CLOUDFORMATION and
 * _LAMBDA at it): the deployed template, physical ids and each function's real configuration.
 * moto keeps configurations and runs no code; it does not attach a template's layers to its
 * functions, so the test attaches the layer through the Lambda API, as a deployment would.
 */
class StackAssessIT {
    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
              LineageTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: chain, AttributeType: S}]
                  KeySchema: [{AttributeName: chain, KeyType: HASH}]
              Orders:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: dev.writ.guard.entry.GuardedHandler
                  Runtime: java21
                  Role: !GetAtt Role.Arn
                  Code: {ZipFile: x}
                  Environment:
                    Variables:
                      WRIT_GUARD_HANDLER: com.example.Orders::handleRequest
                      WRIT_TRUSTED_ISSUERS: writ-authorizer
                      WRIT_TRUSTED_KEYS: arn:aws:kms:us-east-1:123456789012:key/outside
                      WRIT_LINEAGE_TABLE: !Ref LineageTable
            """;

    private static CloudFormationClient cfn;
    private static LambdaClient lambda;

    @BeforeAll
    static void clients() {
        Emulators.require("CLOUDFORMATION");
        Emulators.require("LAMBDA");
        cfn = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A new stack; returns the physical name of its function. */
    private static String deploy(String stack) {
        cfn.createStack(b -> b.stackName(stack).templateBody(TEMPLATE).capabilities(Capability.CAPABILITY_IAM));
        assertThat(cfn.describeStacks(b -> b.stackName(stack)).stacks().get(0).stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        return cfn.describeStackResource(b -> b.stackName(stack).logicalResourceId("Orders")).stackResourceDetail().physicalResourceId();
    }

    private static String guardLayer() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("java/lib/README"));
            z.write('x');
        }
        return lambda.publishLayerVersion(b -> b.layerName("it-writ-guard-runtime").content(c -> c.zipFile(SdkBytes.fromByteArray(zip.toByteArray()))))
                .layerVersionArn();
    }

    private static Map<String, Object> assess(String stack) {
        CliRun r = CliRun.of("assess", "--stack", stack, "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        return Json.parseObject(r.out());
    }

    @Test
    void readsTheDeployedTemplateAndWhatEachFunctionReallyRuns() throws IOException {
        String stack = "assess-" + UUID.randomUUID().toString().substring(0, 8);
        String fn = deploy(stack);
        String layer = guardLayer();
        lambda.updateFunctionConfiguration(b -> b.functionName(fn).layers(layer));

        Map<String, Object> r = assess(stack);
        assertThat(r.get("source")).isEqualTo(Map.of("kind", "stack", "location", "stack " + stack));
        Map<String, Object> orders = function(r, "Orders");
        assertThat(((Map<?, ?>) orders.get("governance")).get("mode")).isEqualTo("layer+entry-point");
        assertThat((String) ((Map<?, ?>) orders.get("governance")).get("evidence")).contains(layer);
        // The deployed variable holds the table's physical name; it is traced back to the template's table.
        assertThat(orders).containsEntry("lineageTable", "LineageTable").containsEntry("level", 2);

        // Someone points the function at its own handler, out of band, the layer and variables left as they
        // were: the template still says the entry point.
        lambda.updateFunctionConfiguration(b -> b.functionName(fn).handler("com.example.Orders::handleRequest"));
        Map<String, Object> drifted = function(assess(stack), "Orders");
        assertThat(drifted).containsEntry("handler", "com.example.Orders::handleRequest").containsEntry("level", 0);
        assertThat(((Map<?, ?>) drifted.get("governance")).get("mode")).isEqualTo("none");
        assertThat((String) ((Map<?, ?>) drifted.get("governance")).get("evidence")).contains("WRIT_GUARD_HANDLER is set but the handler is com.example.Orders");
        assertThat(list(drifted, "eventSources")).isEmpty();
    }

    /**
     * A published version keeps the configuration it was published with: one published while the
     * handler pointed at the original runs unguarded through its alias, though $LATEST is back on the
     * entry point, as the template says.
     */
    @Test
    void aPublishedVersionThatRunsTheHandlerUnguardedIsAGuardBypassThoughLatestLooksGuarded() throws IOException {
        String stack = "assess-" + UUID.randomUUID().toString().substring(0, 8);
        String fn = deploy(stack);
        String layer = guardLayer();
        lambda.updateFunctionConfiguration(b -> b.functionName(fn).layers(layer));
        String guarded = lambda.publishVersion(b -> b.functionName(fn)).version();
        lambda.updateFunctionConfiguration(b -> b.functionName(fn).handler("com.example.Orders::handleRequest"));
        String unguarded = lambda.publishVersion(b -> b.functionName(fn)).version();
        lambda.createAlias(b -> b.functionName(fn).name("live").functionVersion(unguarded));
        lambda.createAlias(b -> b.functionName(fn).name("old").functionVersion(guarded));
        lambda.updateFunctionConfiguration(b -> b.functionName(fn).handler("dev.writ.guard.entry.GuardedHandler"));

        Map<String, Object> r = assess(stack);
        Map<String, Object> orders = function(r, "Orders");
        assertThat(orders).containsEntry("handler", "dev.writ.guard.entry.GuardedHandler").containsEntry("level", 0);
        Map<?, ?> governance = (Map<?, ?>) orders.get("governance");
        assertThat(governance.get("mode")).isEqualTo("none");
        assertThat((String) governance.get("evidence")).contains("published version " + unguarded + " (alias live) is not guarded")
                .contains("the handler is com.example.Orders").doesNotContain("version " + guarded + " ");
        assertThat(list(r, "findings")).anySatisfy(f -> assertThat(f).containsEntry("ruleId", "guard-bypass").containsEntry("logicalId", "Orders"));
    }

    @Test
    void aStackThatDoesNotExistIsAnErrorNamingIt() {
        CliRun r = CliRun.of("assess", "--stack", "no-such-stack-" + UUID.randomUUID());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read the template of stack no-such-stack-").contains("does not exist");
        assertThat(r.out()).isEmpty();
    }
}
