package dev.writ.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The deployed stack's definitions, read from {@code sam-templates/template.yaml} at test time so
 * the tests never keep a second copy: the tables (key schema, attributes, GSIs, billing, stream,
 * TTL) and the signing key's spec and usage. Jackson's YAML reader keeps the value under a short
 * CloudFormation tag ({@code !Sub x} reads as {@code x}); the properties used here have none.
 *
 * <p>Not applied, on purpose: point-in-time recovery, deletion protection, SSE (so no
 * {@code DataKey} either) and the resource policy (deployment safeguards that would stop the tests
 * from cleaning up, or that the emulators do not implement), and the key policy (it names the
 * stack's IAM roles).
 */
final class StackTemplate {
    /** System property (set by the module pom) naming the repository root. */
    static final String ROOT_PROPERTY = "writ.root";

    private final JsonNode root;
    private final JsonNode resources;

    private StackTemplate(JsonNode root) {
        this.root = root;
        this.resources = root.path("Resources");
        if (!resources.isObject()) {
            throw new IllegalStateException("template.yaml has no Resources");
        }
    }

    static Path root() {
        String root = System.getProperty(ROOT_PROPERTY);
        return root == null ? Path.of("..") : Path.of(root);
    }

    /** {@code sam-templates/template.yaml} of this checkout. */
    static StackTemplate load() {
        return load(root().resolve("sam-templates").resolve("template.yaml"));
    }

    static StackTemplate load(Path file) {
        try {
            return new StackTemplate(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SAM template " + file.toAbsolutePath(), e);
        }
    }

    /** The {@code Properties} of resource {@code logicalId}, which must have type {@code type}. */
    JsonNode properties(String logicalId, String type) {
        JsonNode resource = resources.path(logicalId);
        if (!type.equals(resource.path("Type").asText())) {
            throw new IllegalStateException("template.yaml: " + logicalId + " is not a " + type);
        }
        return resource.path("Properties");
    }

    /** CreateTable for table resource {@code logicalId}, under the name {@code name}. */
    CreateTableRequest table(String logicalId, String name) {
        JsonNode p = properties(logicalId, "AWS::DynamoDB::Table");
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name)
                .billingMode(text(p, "BillingMode"))
                .keySchema(keys(p.path("KeySchema")));
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (JsonNode a : p.path("AttributeDefinitions")) {
            attributes.add(AttributeDefinition.builder().attributeName(text(a, "AttributeName"))
                    .attributeType(text(a, "AttributeType")).build());
        }
        b.attributeDefinitions(attributes);
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (JsonNode g : p.path("GlobalSecondaryIndexes")) {
            indexes.add(GlobalSecondaryIndex.builder().indexName(text(g, "IndexName")).keySchema(keys(g.path("KeySchema")))
                    .projection(Projection.builder().projectionType(text(g.path("Projection"), "ProjectionType")).build())
                    .build());
        }
        if (!indexes.isEmpty()) {
            b.globalSecondaryIndexes(indexes);
        }
        JsonNode stream = p.path("StreamSpecification");
        if (stream.isObject()) {
            b.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(text(stream, "StreamViewType")).build());
        }
        return b.build();
    }

    /** The TTL of table resource {@code logicalId}, if the template turns one on. */
    java.util.Optional<TimeToLiveSpecification> timeToLive(String logicalId) {
        JsonNode ttl = properties(logicalId, "AWS::DynamoDB::Table").path("TimeToLiveSpecification");
        if (!ttl.path("Enabled").asBoolean(false)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(TimeToLiveSpecification.builder().attributeName(text(ttl, "AttributeName"))
                .enabled(true).build());
    }

    /** {@code KeySpec} and {@code KeyUsage} of KMS key resource {@code logicalId}. */
    KeyShape key(String logicalId) {
        JsonNode p = properties(logicalId, "AWS::KMS::Key");
        return new KeyShape(text(p, "KeySpec"), text(p, "KeyUsage"));
    }

    /** An environment variable a function sets for itself ({@code Environment.Variables}). */
    String functionVariable(String logicalId, String name) {
        return text(properties(logicalId, "AWS::Serverless::Function").path("Environment").path("Variables"), name);
    }

    /** The {@code Default} of template parameter {@code name}. */
    String parameterDefault(String name) {
        return text(root.path("Parameters").path(name), "Default");
    }

    record KeyShape(String keySpec, String keyUsage) {
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (JsonNode k : schema) {
            keys.add(KeySchemaElement.builder().attributeName(text(k, "AttributeName")).keyType(text(k, "KeyType")).build());
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("template.yaml: empty KeySchema");
        }
        return keys;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.asText().isEmpty()) {
            throw new IllegalStateException("template.yaml: missing or non-scalar " + field + " in " + node);
        }
        return value.asText();
    }
}
