package dev.writ.lineagefn.config;


import dev.writ.core.config.Environment;
import dev.writ.guard.internal.DefaultDynamoDb;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageConfig;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The beans every lineage function shares. The {@code WRIT_LINEAGE_*} variables are read as the
 * guard's writer reads them; the table name is also the Micronaut property
 * {@code writ.lineage.table}, so tests can pass it directly. SDK clients are built on first use, from the SDK's own
 * environment (region, credentials, {@code AWS_ENDPOINT_URL_<SERVICE>}).
 */
@Factory
public class LineageBeans {

    @Singleton
    LineageConfig lineageConfig(@Value("${writ.lineage.table:writ-lineage}") String table) {
        return LineageConfig.builder(Environment.system()).table(table).build();
    }

    @Singleton
    DynamoDbClients dynamoDb() {
        return new DynamoDbClients(DefaultDynamoDb.lazy());
    }

    @Singleton
    LineageAudit lineageAudit(LineageConfig config, DynamoDbClients clients, CheckpointKeys keys) {
        return LineageAudit.create(config, clients.supplier(), keys.key());
    }

    /** The lazily built DynamoDB client, as one bean. */
    public record DynamoDbClients(Supplier<DynamoDbClient> supplier) {
        public DynamoDbClient get() {
            return supplier.get();
        }
    }
}
