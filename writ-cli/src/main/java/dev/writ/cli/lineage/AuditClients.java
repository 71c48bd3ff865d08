package dev.writ.cli.lineage;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** SDK clients for the CLI: region, credentials and endpoints from the environment, UrlConnection HTTP. */
final class AuditClients {
    private AuditClients() {
    }

    static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    static KmsClient kms() {
        return KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
