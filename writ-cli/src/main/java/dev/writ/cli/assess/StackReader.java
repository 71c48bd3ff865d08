package dev.writ.cli.assess;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.Layer;

/**
 * {@code writ assess --stack NAME}: the stack's template as deployed (GetTemplate, the original, so a
 * SAM stack is read as SAM), its resources' physical ids (ListStackResources), and for each function
 * what Lambda really runs (GetFunctionConfiguration: handler, runtime, package type, layers, environment), which replaces
 * what the template says. Region, credentials and endpoints come from the environment.
 */
final class StackReader {
    private StackReader() {
    }

    static Assessment assess(String stack, Set<String> excluded) {
        try (CloudFormationClient cfn = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
             LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            return assess(stack, excluded, cfn, lambda);
        }
    }

    static Assessment assess(String stack, Set<String> excluded, CloudFormationClient cfn, LambdaClient lambda) {
        String body;
        try {
            body = cfn.getTemplate(b -> b.stackName(stack).templateStage(TemplateStage.ORIGINAL)).templateBody();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the template of stack " + stack + ": " + e.getMessage(), e);
        }
        if (body == null || body.isBlank()) {
            throw new TemplateException("stack " + stack + ": GetTemplate returned no template");
        }
        Template template = Template.parse(body, "stack " + stack);
        Map<String, DeployedFunction> deployed = new LinkedHashMap<>();
        try {
            for (StackResourceSummary r : cfn.listStackResourcesPaginator(b -> b.stackName(stack)).stackResourceSummaries()) {
                template.physicalId(r.logicalResourceId(), r.physicalResourceId());
                if (r.resourceType().equals(Functions.LAMBDA_FUNCTION) && template.resource(r.logicalResourceId()).isPresent()
                        && r.physicalResourceId() != null) {
                    deployed.put(r.logicalResourceId(), configuration(lambda.getFunctionConfiguration(b -> b.functionName(r.physicalResourceId()))));
                }
            }
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the resources of stack " + stack + ": " + e.getMessage(), e);
        }
        return Assessor.assess(template, false, deployed, excluded);
    }

    private static DeployedFunction configuration(GetFunctionConfigurationResponse c) {
        Map<String, String> variables = c.environment() == null || c.environment().variables() == null ? Map.of() : c.environment().variables();
        return new DeployedFunction(c.handler(), c.runtimeAsString(), c.packageTypeAsString(), c.layers().stream().map(Layer::arn).toList(), variables);
    }
}
