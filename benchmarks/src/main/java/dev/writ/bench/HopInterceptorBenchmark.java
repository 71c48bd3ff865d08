package dev.writ.bench;

import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.hop.GuardedExecution;
import dev.writ.guard.hop.HopIssuer;
import dev.writ.guard.hop.Hops;
import dev.writ.guard.hop.WritHopInterceptor;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritVerifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * What {@link WritHopInterceptor} adds to one SDK call: its two hooks ({@code beforeExecution} on
 * the calling thread, {@code modifyRequest}) on a request and fresh execution attributes, as the
 * SDK runs them for every call. Three cases:
 * <ul>
 *   <li>{@code notGoverned}: a DynamoDB {@code GetItem} with no guarded execution running (target
 *       ≤ 5 µs);</li>
 *   <li>{@code governedCachedChild}: an SQS {@code SendMessage} inside a guarded execution whose
 *       child writ for that queue and body is already cached (body digest, cache lookup, the
 *       request rebuilt with the {@code writ} attribute);</li>
 *   <li>{@code containedInScope}: a DynamoDB {@code GetItem} inside an execution whose writ has a
 *       scope ({@code scp}) that allows it (the action and resource matched against the scope).</li>
 * </ul>
 * The exchange is never asked during measurement: the child is cached in setup, and its
 * {@code exp} is an hour ahead of the real clock.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class HopInterceptorBenchmark {

    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/payment-events";
    private static final String TABLE = "orders";

    private final WritHopInterceptor interceptor = new WritHopInterceptor();
    private InterceptorContext getItem;
    private InterceptorContext sendMessage;
    private Hops hops;
    private Writ parent;
    private Writ scoped;
    private String parentToken;
    private GuardedExecution.Scope running;

    @Setup(Level.Trial)
    public void setUp() {
        GuardFixture fixture = new GuardFixture(SigningAlgorithm.ES256);
        LocalSigner signer = LocalSigner.fromJwk(fixture.privateKey.toJSONString());
        WritVerifier verifier = new WritVerifier(fixture.verifierConfig);
        parentToken = fixture.token;
        parent = allowed(verifier.verify(fixture.token, GuardFixture.FUNCTION, fixture.binding));
        WritClaims withScope = WritCodec.decodeUnverified(fixture.token).toBuilder()
                .scope(new dev.writ.guard.writ.Scope(List.of("dynamodb:GetItem", "sqs:SendMessage"),
                        List.of("arn:aws:dynamodb:us-east-1:123456789012:table/" + TABLE,
                                "arn:aws:sqs:us-east-1:123456789012:payment-events")))
                .build();
        scoped = allowed(verifier.verify(WritCodec.encode(withScope, signer), GuardFixture.FUNCTION, fixture.binding));
        long now = System.currentTimeMillis() / 1000;
        String child = WritCodec.encode(WritCodec.decodeUnverified(fixture.token).toBuilder().request(null)
                .audience("payments-notify").issuedAt(now).notBefore(now).expiresAt(now + 3600).build(), signer);
        HopIssuer issuer = request -> child;
        hops = Hops.via(issuer);
        getItem = InterceptorContext.builder().request(GetItemRequest.builder().tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS("42"))).build()).build();
        sendMessage = InterceptorContext.builder().request(SendMessageRequest.builder().queueUrl(QUEUE)
                .messageBody("{\"paymentId\":\"p-1\",\"amount\":100}").build()).build();
    }

    private static Writ allowed(Verification verification) {
        return verification.writ().orElseThrow(() -> new IllegalStateException("fixture writ denied: " + verification));
    }

    @TearDown(Level.Iteration)
    public void leave() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    private void enter(Writ writ) {
        if (running == null) {
            running = hops.enter(parentToken, List.of(writ), GuardFixture.FUNCTION, new BenchContext(GuardFixture.FUNCTION),
                    null);
        }
    }

    private static ExecutionAttributes attributes(String endpointPrefix, String operation) {
        return ExecutionAttributes.builder()
                .put(AwsExecutionAttribute.ENDPOINT_PREFIX, endpointPrefix)
                .put(SdkExecutionAttribute.OPERATION_NAME, operation)
                .put(AwsExecutionAttribute.AWS_REGION, Region.US_EAST_1)
                .build();
    }

    private SdkRequest call(InterceptorContext context, String endpointPrefix, String operation) {
        ExecutionAttributes attributes = attributes(endpointPrefix, operation);
        interceptor.beforeExecution(context, attributes);
        return interceptor.modifyRequest(context, attributes);
    }

    @Benchmark
    public SdkRequest notGoverned() {
        return call(getItem, "dynamodb", "GetItem");
    }

    @Benchmark
    public SdkRequest governedCachedChild() {
        enter(parent);
        SdkRequest sent = call(sendMessage, "sqs", "SendMessage");
        if (!((SendMessageRequest) sent).hasMessageAttributes()) {
            throw new IllegalStateException("the message carries no writ: nothing governed was measured");
        }
        return sent;
    }

    @Benchmark
    public SdkRequest containedInScope() {
        enter(scoped);
        return call(getItem, "dynamodb", "GetItem");
    }

    /** The cost of the fresh execution attributes alone, which every SDK call pays anyway. */
    @Benchmark
    public ExecutionAttributes attributesOnly() {
        return attributes("dynamodb", "GetItem");
    }
}
