package dev.writ.guard.lineage;

import dev.writ.testsupport.Emulators;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local as the test command starts it, and fresh lineage tables on it. */
public final class DynamoDbTestEnv {
    private DynamoDbTestEnv() {
    }

    /** The emulator's client; fails (never skips) with how to start it when it is not configured. */
    public static DynamoDbClient client() {
        return Emulators.dynamoDb();
    }

    /** A fresh lineage table with a unique name. */
    public static String newTable(DynamoDbClient client) {
        String table = "writ-lineage-it-" + UUID.randomUUID();
        LineageTable.create(client, table);
        return table;
    }
}
