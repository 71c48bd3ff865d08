package dev.writ.cli.assess;

import java.util.List;
import java.util.Set;

/**
 * Which resource types writ assess understands: those it reads, and those that run no code and
 * route no invocation. Anything else (state machines, nested stacks and applications, containers,
 * load balancers, pipes, types it has never seen) is "not assessed" and never counted as governed.
 */
final class ResourceTypes {
    private static final Set<String> READ = Set.of(Functions.SAM_FUNCTION, Functions.LAMBDA_FUNCTION,
            "AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion", "AWS::Lambda::Alias", "AWS::Lambda::Version",
            Authorizers.SAM_API, Authorizers.SAM_HTTP_API, OpenApiSources.REST_API, OpenApiSources.HTTP_API,
            "AWS::DynamoDB::Table", "AWS::KMS::Key", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy");

    /** Run no code and invoke no function. */
    private static final Set<String> INERT = Set.of("AWS::ApiGateway::Account", "AWS::ApiGateway::Deployment",
            "AWS::ApiGateway::Stage", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Model", "AWS::ApiGateway::RequestValidator",
            "AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::UsagePlan", "AWS::ApiGateway::UsagePlanKey", "AWS::ApiGateway::ApiKey",
            "AWS::ApiGateway::DomainName", "AWS::ApiGateway::BasePathMapping", "AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Deployment",
            "AWS::ApiGatewayV2::DomainName", "AWS::ApiGatewayV2::ApiMapping", "AWS::Lambda::LayerVersionPermission",
            "AWS::Lambda::EventInvokeConfig", "AWS::Serverless::SimpleTable", "AWS::DynamoDB::GlobalTable",
            "AWS::Serverless::Connector");
    private static final List<String> INERT_SERVICES = List.of("AWS::IAM::", "AWS::KMS::", "AWS::Logs::", "AWS::CloudWatch::",
            "AWS::SSM::", "AWS::SecretsManager::", "AWS::SQS::", "AWS::SNS::", "AWS::S3::", "AWS::CertificateManager::",
            "AWS::Route53::", "AWS::Cognito::", "AWS::XRay::");

    private ResourceTypes() {
    }

    static boolean assessed(String type) {
        return READ.contains(type) || INERT.contains(type) || CfnSources.TYPES.contains(type) || type.startsWith("Custom::")
                || INERT_SERVICES.stream().anyMatch(type::startsWith);
    }
}
