package dev.writ.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.monitoring.Telemetry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded DynamoDB Local never turns on its usage telemetry, in memory or in a data folder. */
class EmbeddedDynamoTest {
    @TempDir
    Path data;

    @Test
    void startsWithoutTelemetryInEitherMode() {
        // DynamoDB Local keeps one Telemetry instance per JVM, made the first time a start enables it.
        try (EmbeddedDynamo inMemory = EmbeddedDynamo.start(null)) {
            assertThat(Telemetry.getTelemetry()).as("in memory").isEmpty();
        }
        try (EmbeddedDynamo inFolder = EmbeddedDynamo.start(data)) {
            assertThat(Telemetry.getTelemetry()).as("with --data").isEmpty();
        }
    }
}
