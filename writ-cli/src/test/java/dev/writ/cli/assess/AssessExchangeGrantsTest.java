package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.json;
import static dev.writ.cli.assess.AssessRun.list;
import static dev.writ.cli.assess.AssessRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An exchange takes its caller from the function URL's event, which a direct invoker writes
 * itself: every grant of lambda:InvokeFunction that can reach an exchange without
 * lambda:InvokedViaFunctionUrl is an {@code exchange-direct-invoke} error on the grant's line.
 */
class AssessExchangeGrantsTest {
    private static final String RULE = "exchange-direct-invoke";
    /** An exchange behind an AWS_IAM URL (the template's shape), and a role that may call it; GRANT is replaced. */
    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ExchangeFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: authorizer-fn.jar
                  Runtime: java21
                  Handler: dev.writ.authorizer.function.ExchangeFunction
                  AutoPublishAlias: live
                  FunctionUrlConfig:
                    AuthType: AWS_IAM
              OtherFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: other.jar
                  Runtime: java21
                  Handler: com.example.Other::handleRequest
              CallerRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
                  Policies:
                    - PolicyName: ask-the-exchange
                      PolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - Effect: Allow
                            Action: lambda:InvokeFunctionUrl
                            Resource: !Ref ExchangeFunction.Alias
                            Condition:
                              StringEquals:
                                lambda:FunctionUrlAuthType: AWS_IAM
            GRANT""";
    private static final String THROUGH_URL = """
                          - Sid: ThroughTheUrl
                            Effect: Allow
                            Action: lambda:InvokeFunction
                            Resource: !Ref ExchangeFunction.Alias
                            Condition:
                              Bool:
                                lambda:InvokedViaFunctionUrl: 'true'
            """;

    @TempDir
    Path dir;

    private Path template(String grant) throws IOException {
        Path out = dir.resolve("template.yaml");
        Files.writeString(out, TEMPLATE.replace("GRANT", grant));
        return out;
    }

    private List<Map<String, Object>> grants(String grant) throws IOException {
        return list(json(template(grant)), "findings").stream().filter(f -> f.get("ruleId").equals(RULE)).toList();
    }

    /** A statement appended to the role's policy. */
    private static String statement(String action, String resource, String condition) {
        return "              - Sid: Extra\n                Effect: Allow\n                Action: " + action + "\n                Resource: " + resource + "\n"
                + (condition == null ? "" : "                Condition:\n                  " + condition + "\n");
    }

    @Test
    void aGrantOnlyThroughTheUrlIsNoFinding() throws IOException {
        assertThat(grants(THROUGH_URL)).isEmpty();
    }

    @Test
    void theSameGrantWithoutTheConditionIsAnErrorOnItsLine() throws IOException {
        String without = THROUGH_URL.substring(0, THROUGH_URL.indexOf("                Condition:"));
        Path t = template(without);
        List<Map<String, Object>> found = list(json(t), "findings").stream().filter(f -> f.get("ruleId").equals(RULE)).toList();

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("level", "error").containsEntry("logicalId", "CallerRole");
            assertThat((String) f.get("message")).contains("statement ThroughTheUrl", "Resource Ref ExchangeFunction.Alias", "ExchangeFunction",
                    "lambda:InvokedViaFunctionUrl");
            assertThat(f.get("line").toString()).isEqualTo(String.valueOf(lineOf(t, "- Sid: ThroughTheUrl")));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"lambda:InvokeFunction|'*'", "'lambda:*'|'*'", "'lambda:Invoke*'|!Sub 'arn:${AWS::Partition}:lambda:*:*:function:*'",
        "'*'|!GetAtt ExchangeFunction.Arn", "lambda:invokefunction|!Sub '${ExchangeFunction.Arn}:*'",
        "lambda:InvokeFunction|'arn:aws:lambda:eu-west-1:123456789012:function:prod-ExchangeFunction-*'"})
    void aWildcardActionOrResourceThatCoversTheExchangeIsAnError(String actionAndResource) throws IOException {
        String[] ar = actionAndResource.split("\\|");
        assertThat(grants(statement(ar[0], ar[1], null))).as(actionAndResource).singleElement()
                .satisfies(f -> assertThat((String) f.get("message")).contains("statement Extra"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3:GetObject|'*'", "lambda:InvokeFunction|!GetAtt OtherFunction.Arn",
        "lambda:InvokeFunction|!Sub '${OtherFunction.Arn}'", "lambda:InvokeFunctionUrl|'*'",
        "lambda:InvokeFunction|'arn:aws:lambda:eu-west-1:123456789012:function:payments-write'"})
    void aGrantThatCannotReachTheExchangeIsNoFinding(String actionAndResource) throws IOException {
        String[] ar = actionAndResource.split("\\|");
        assertThat(grants(statement(ar[0], ar[1], null))).as(actionAndResource).isEmpty();
    }

    @Test
    void aConditionThatDoesNotRequireTheUrlDoesNotHelp() throws IOException {
        assertThat(grants(statement("lambda:InvokeFunction", "'*'", "BoolIfExists: {lambda:InvokedViaFunctionUrl: 'true'}"))).hasSize(1);
        assertThat(grants(statement("lambda:InvokeFunction", "'*'", "Bool: {lambda:InvokedViaFunctionUrl: 'false'}"))).hasSize(1);
        assertThat(grants(statement("lambda:InvokeFunction", "'*'", "Bool: {lambda:invokedviafunctionurl: 'true'}"))).isEmpty();
    }

    @Test
    void notActionAllowsWhatItDoesNotName() throws IOException {
        String notIam = "              - Effect: Allow\n                NotAction: 'iam:*'\n                Resource: '*'\n";
        assertThat(grants(notIam)).hasSize(1);
        assertThat(grants(notIam.replace("'iam:*'", "['iam:*', 'lambda:*']"))).isEmpty();
    }

    @Test
    void aLambdaPermissionForAPrincipalIsAnErrorUnlessOnlyThroughTheUrl() throws IOException {
        String permission = """
                  AccountMayInvoke:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: !Ref ExchangeFunction.Alias
                      Principal: '210987654321'
                """;
        assertThat(grants(permission)).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("logicalId", "AccountMayInvoke");
            assertThat((String) f.get("message")).contains("permission for 210987654321");
        });
        assertThat(grants(permission + "      InvokedViaFunctionUrl: true\n")).isEmpty();
        assertThat(grants(permission.replace("lambda:InvokeFunction", "lambda:InvokeFunctionUrl") + "      FunctionUrlAuthType: AWS_IAM\n")).isEmpty();
        assertThat(grants(permission.replace("!Ref ExchangeFunction.Alias", "!Ref OtherFunction"))).isEmpty();
    }

    @Test
    void samPolicyTemplatesAndBroadManagedPoliciesReachItToo() throws IOException {
        String samCaller = """
                  Caller:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: caller.jar
                      Runtime: java21
                      Handler: com.example.Caller::handleRequest
                      Policies:
                        - LambdaInvokePolicy:
                            FunctionName: !Ref ExchangeFunction
                """;
        assertThat(grants(samCaller)).singleElement().satisfies(f -> assertThat((String) f.get("message")).contains("LambdaInvokePolicy"));
        assertThat(grants(samCaller.replace("!Ref ExchangeFunction", "!Ref OtherFunction"))).isEmpty();
        String admin = """
                  Deployer:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
                      ManagedPolicyArns:
                        - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess
                """;
        assertThat(grants(admin)).singleElement().satisfies(f -> assertThat((String) f.get("message")).contains("AWS managed policy"));
    }

    @Test
    void theToolCallExchangeIsRecognisedByItsHandlerAndAnyExchangeByItsVariable() throws IOException {
        String wildcard = statement("lambda:InvokeFunction", "'*'", null);
        String toolCall = TEMPLATE.replace("function.ExchangeFunction", "function.ToolCallFunction").replace("GRANT", wildcard);
        Path t = dir.resolve("tool-call.yaml");
        Files.writeString(t, toolCall);
        assertThat(list(json(t), "findings")).anySatisfy(f -> assertThat(f).containsEntry("ruleId", RULE));
        String renamed = TEMPLATE.replace("dev.writ.authorizer.function.ExchangeFunction", "com.example.MyExchange::handleRequest")
                .replace("      FunctionUrlConfig:", "      Environment: {Variables: {WRIT_EXCHANGE_ACCOUNT: '123456789012'}}\n      FunctionUrlConfig:");
        Files.writeString(t, renamed.replace("GRANT", wildcard));
        assertThat(list(json(t), "findings")).anySatisfy(f -> assertThat(f).containsEntry("ruleId", RULE));
        Files.writeString(t, renamed.replace("      Environment: {Variables: {WRIT_EXCHANGE_ACCOUNT: '123456789012'}}\n", "").replace("GRANT", wildcard));
        assertThat(list(json(t), "findings")).as("no exchange in the template").noneSatisfy(f -> assertThat(f).containsEntry("ruleId", RULE));
    }

    @Test
    void theFindingIsValidJsonAndSarifAndTheTableNamesIt() throws IOException {
        Path t = template(statement("'lambda:*'", "'*'", null));
        CliRun jsonRun = run(t, "--format", "json");
        assertThat(AssessOutputTest.ASSESS.validate(jsonRun.out(), InputFormat.JSON)).as(jsonRun.out()).isEmpty();
        CliRun sarif = run(t, "--format", "sarif");
        assertThat(sarif.code()).as(sarif.err()).isZero();
        assertThat(AssessOutputTest.SARIF.validate(sarif.out(), InputFormat.JSON)).as(sarif.out()).isEmpty();
        Map<String, Object> run = list(Json.parseObject(sarif.out()), "runs").get(0);
        assertThat(list(run, "results")).filteredOn(r -> r.get("ruleId").equals(RULE)).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("level", "error");
            Map<?, ?> physical = (Map<?, ?>) list(r, "locations").get(0).get("physicalLocation");
            assertThat(((Map<?, ?>) physical.get("region")).get("startLine").toString()).isEqualTo(String.valueOf(lineOf(t, "- Sid: Extra")));
        });
        assertThat(run(t).out()).contains("direct invocations of an exchange (its caller can be forged):", "CallerRole: ");
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
