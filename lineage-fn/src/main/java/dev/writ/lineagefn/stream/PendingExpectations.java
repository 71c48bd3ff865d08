package dev.writ.lineagefn.stream;

import static dev.writ.guard.lineage.internal.LineageItems.n;
import static dev.writ.guard.lineage.internal.LineageItems.s;

import dev.writ.audit.Completeness;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.lineagefn.config.LineageBeans.DynamoDbClients;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The expecting records the stream verifier has seen and not yet judged ({@link Completeness.Gap}):
 * each is due once its settle time has passed since its {@code ts}, when the sweep looks its
 * answer up. They live in a table of their own ({@code WRIT_COMPLETENESS_TABLE}: the lineage table
 * is append-only, and these are deleted once judged), in one partition sorted by due time, so a
 * sweep reads only what is due: partition key {@value #PARTITION} (S, {@value #PENDING}),
 * sort key {@value #DUE} (S, {@code <due ms, 13 digits>#<chain>#<seq>#<gap>}: one item per
 * expecting record and rule, so a stream batch delivered again writes the same item again).
 * A finding reported is remembered in partition {@value #REPORTED} (sort key
 * {@code <chain>#<seq>#<gap>}), so an expectation written again after it was judged, by a batch
 * delivered again, is not reported a second time; the table's TTL ({@value #EXPIRES}, epoch
 * seconds) removes that item {@link #REPORTED_KEPT} after the report.
 * One partition takes about 1,000 writes a second, so about as many expecting records.
 */
@Singleton
public class PendingExpectations {
    static final String PARTITION = "p";
    static final String DUE = "due";
    static final String PENDING = "pending";
    static final String REPORTED = "reported";
    /** The TTL attribute: only {@value #REPORTED} items carry it (a pending item is deleted once judged). */
    public static final String EXPIRES = "expiresAt";
    /**
     * How long a reported finding is remembered. A batch can be delivered again only while its
     * stream records exist, 24 hours after their write, which came before the report; so 24 hours
     * would do if the sweep always ran. Seven days also cover a sweep failing for six days (the
     * expectation written again then waits for it) before a finding could be reported twice.
     */
    static final Duration REPORTED_KEPT = Duration.ofDays(7);
    private static final long MAX_SETTLE_SECONDS = Duration.ofDays(366).toSeconds();

    private final Optional<String> table;
    private final Duration settle;
    private final DynamoDbClients clients;

    public PendingExpectations(@Value("${writ.completeness.table:}") String table,
                               @Value("${writ.completeness.settle:900}") long settleSeconds, DynamoDbClients clients) {
        if (settleSeconds < 0 || settleSeconds > MAX_SETTLE_SECONDS) {
            throw new IllegalArgumentException("WRIT_COMPLETENESS_SETTLE must be 0.." + MAX_SETTLE_SECONDS + " seconds, not " + settleSeconds);
        }
        this.table = table.isBlank() ? Optional.empty() : Optional.of(table);
        this.settle = Duration.ofSeconds(settleSeconds);
        this.clients = clients;
    }

    /** One expecting record waiting for its answer. */
    public record Pending(Completeness.Finding expecting, String due) {
    }

    /** False when no table is configured: the stream verifier then checks links only. */
    public boolean enabled() {
        return table.isPresent();
    }

    /** Remembers {@code r} for every rule it expects an answer under; nothing when it expects none or no table is configured. */
    void expect(LineageRecord r) {
        if (table.isEmpty()) {
            return;
        }
        for (Completeness.Gap gap : Completeness.Gap.values()) {
            if (gap.expects(r)) {
                String due = String.format("%013d#%s#%d#%s", r.ts() + settle.toMillis(), r.chain(), r.seq(), gap.name());
                clients.get().putItem(b -> b.tableName(table.get()).item(Map.of(PARTITION, s(PENDING), DUE, s(due),
                        "gap", s(gap.name()), "execId", s(r.execId().orElseThrow()), "chain", s(r.chain()),
                        "seq", n(r.seq()), "ts", n(r.ts()))));
            }
        }
    }

    /** Everything due at {@code nowMillis}, oldest first, read page by page. */
    Stream<Pending> due(long nowMillis) {
        String after = String.format("%013d", nowMillis + 1);
        return clients.get().queryPaginator(b -> b.tableName(requireTable()).consistentRead(true)
                        .keyConditionExpression("#p = :p AND #d < :d")
                        .expressionAttributeNames(Map.of("#p", PARTITION, "#d", DUE))
                        .expressionAttributeValues(Map.of(":p", s(PENDING), ":d", s(after))))
                .items().stream().map(PendingExpectations::pending);
    }

    /**
     * Takes {@code p} off the list for reporting: true for the one caller whose write of its
     * finding's {@value #REPORTED} item found none there, so two sweeps at once, a sweep retried
     * after a crash, or an expectation written again by a batch delivered again after it was
     * judged, never report one finding twice. The item expires {@link #REPORTED_KEPT} after
     * {@code nowMillis}.
     */
    boolean claim(Pending p, long nowMillis) {
        Completeness.Finding f = p.expecting();
        long expires = (nowMillis + REPORTED_KEPT.toMillis()) / 1000;
        boolean first;
        try {
            clients.get().putItem(b -> b.tableName(requireTable()).item(Map.of(PARTITION, s(REPORTED),
                            DUE, s(f.chain() + "#" + f.seq() + "#" + f.gap().name()), "execId", s(f.execId()), "ts", n(f.ts()),
                            EXPIRES, n(expires)))
                    .conditionExpression("attribute_not_exists(#d)").expressionAttributeNames(Map.of("#d", DUE)));
            first = true;
        } catch (ConditionalCheckFailedException reportedBefore) {
            first = false;
        }
        forget(p);
        return first;
    }

    /** Takes {@code p} off the list: it was answered. */
    void forget(Pending p) {
        clients.get().deleteItem(b -> b.tableName(requireTable()).key(key(p)));
    }

    /** The table's shape: what {@link #create} makes, and what the SAM template must declare (its test checks). */
    public static CreateTableRequest definition(String name) {
        return CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(PARTITION).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(DUE).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(PARTITION).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(DUE).keyType(KeyType.RANGE).build())
                .build();
    }

    /** Creates a table of this shape with TTL on {@value #EXPIRES} (tests, a local stack). */
    public static void create(DynamoDbClient ddb, String name) {
        ddb.createTable(definition(name));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(name));
        ddb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.attributeName(EXPIRES).enabled(true)));
    }

    private String requireTable() {
        return table.orElseThrow(() -> new IllegalStateException("WRIT_COMPLETENESS_TABLE is not set: no expecting records are kept"));
    }

    private static Map<String, AttributeValue> key(Pending p) {
        return Map.of(PARTITION, s(PENDING), DUE, s(p.due()));
    }

    /** A stored item as written by {@link #expect}; anything else is refused loudly (this table is ours alone). */
    private static Pending pending(Map<String, AttributeValue> item) {
        try {
            Completeness.Finding f = new Completeness.Finding(Completeness.Gap.valueOf(item.get("gap").s()), item.get("execId").s(),
                    item.get("chain").s(), Long.parseLong(item.get("seq").n()), Long.parseLong(item.get("ts").n()));
            return new Pending(f, item.get(DUE).s());
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable pending expectation " + item.get(DUE) + ": " + e, e);
        }
    }
}
