package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.testsupport.Emulators;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the ITs of the commands that read a lineage table start from: a fresh table on DynamoDB
 * Local (started by scripts/test) with two chains of function {@code orders} ({@link #chain0},
 * {@link #chain1}), a checkpoint key made by {@code writ keys new} in {@code dir/k}, and the
 * output of the last command {@link #run}.
 */
public abstract class LineageTableFixture {
    protected final DynamoDbClient ddb = Emulators.dynamoDb();

    @TempDir
    protected Path dir;

    protected String table;
    protected LineageWriter chain0;
    protected LineageWriter chain1;
    protected String out;
    protected String err;

    @BeforeEach
    void lineageTable() {
        table = "writ-" + getClass().getSimpleName().toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID();
        LineageTable.create(ddb, table);
        chain0 = LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> ddb);
        chain1 = LineageWriter.create(LineageConfig.builder().table(table).shard(1).build(), () -> ddb);
        assertThat(run("keys", "new", "--out", dir.resolve("k").toString(), "--alg", "ES256")).as(err).isZero();
    }

    @AfterEach
    void closeClient() {
        ddb.close();
    }

    /** Runs the writ command; {@link #out} and {@link #err} hold what it printed. */
    protected int run(String... args) {
        CliRun result = CliRun.of(args);
        out = result.out();
        err = result.err();
        return result.code();
    }

    /** A record of function {@code orders} by {@code alice}. */
    protected static LineageRecord.Draft.Builder orders(LineageRecord.Type type, String execId) {
        return LineageRecord.draft(type).function("orders").execId(execId).principal("alice");
    }

    /** Signs a checkpoint of the table with the key in {@code dir/k}. */
    protected void checkpoint() {
        assertThat(run("lineage", "checkpoint", "--table", table, "--key", dir.resolve("k/private.jwk").toString())).as(err).isZero();
    }

    /** The checkpoint key's JWKS. */
    protected String jwks() {
        return dir.resolve("k/jwks.json").toString();
    }
}
