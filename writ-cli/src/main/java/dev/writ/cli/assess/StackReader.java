package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.Layer;

/**
 * {@code writ assess --stack NAME}: the stack's template as deployed (GetTemplate, the original, so a
 * SAM stack is read as SAM), its resources' physical ids (ListStackResources), and for each function
 * what Lambda really runs (GetFunctionConfiguration: handler, runtime, package type, layers, environment), which replaces
 * what the template says, and what each of its published versions runs (ListVersionsByFunction, ListAliases): a version
 * keeps the configuration it was published with, and stays invocable by its number or an alias. Region, credentials and endpoints come from the environment.
 */
final class StackReader {
    private static final String LATEST = "$LATEST";
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
                    deployed.put(r.logicalResourceId(), deployed(lambda, r.physicalResourceId()));
                }
            }
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the resources of stack " + stack + ": " + e.getMessage(), e);
        }
        return Assessor.assess(template, false, deployed, excluded);
    }

    /** {@code $LATEST}'s configuration and every published version's, with the aliases that point at it. */
    private static DeployedFunction deployed(LambdaClient lambda, String name) {
        GetFunctionConfigurationResponse latest = lambda.getFunctionConfiguration(b -> b.functionName(name));
        Map<String, List<String>> aliases = new TreeMap<>();
        for (AliasConfiguration a : lambda.listAliasesPaginator(b -> b.functionName(name)).aliases()) {
            aliases.computeIfAbsent(a.functionVersion(), v -> new ArrayList<>()).add(a.name());
        }
        List<DeployedFunction.Published> published = new ArrayList<>();
        for (FunctionConfiguration v : lambda.listVersionsByFunctionPaginator(b -> b.functionName(name)).versions()) {
            if (!LATEST.equals(v.version())) {
                published.add(new DeployedFunction.Published(v.version(), aliases.getOrDefault(v.version(), List.of()), configuration(v.handler(),
                        v.runtimeAsString(), v.packageTypeAsString(), v.layers(), v.environment() == null ? null : v.environment().variables())));
            }
        }
        return new DeployedFunction(configuration(latest.handler(), latest.runtimeAsString(), latest.packageTypeAsString(), latest.layers(),
                latest.environment() == null ? null : latest.environment().variables()), published);
    }

    private static DeployedFunction.Configuration configuration(String handler, String runtime, String packageType, List<Layer> layers,
                                                                Map<String, String> variables) {
        return new DeployedFunction.Configuration(handler, runtime, packageType, layers.stream().map(Layer::arn).toList(),
                variables == null ? Map.of() : variables);
    }
}
