package dev.writ.bench;

import dev.writ.core.json.Json;
import dev.writ.guard.writ.Scope;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The containment AWS enforces itself, measured: per-scope credentials from STS
 * {@code AssumeRole} with a session policy derived from a writ's {@code scp} (one statement,
 * {@code Allow} the scope's actions on its resources), so that even a client built without the
 * hop interceptor cannot leave the scope. Against the STS of the emulator that
 * {@code AWS_ENDPOINT_URL_STS} names (moto, from {@code scripts/emulators start}):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.writ.bench.ScopedCredentialsMeasure [calls]
 * </pre>
 *
 * Prints the session policy's size, the client-side CPU time and the wall time per
 * {@code AssumeRole} (on loopback: the emulator's latency, not AWS's), and the cost of a cache hit
 * (credentials per scope, reused until 5 minutes before they expire).
 */
public final class ScopedCredentialsMeasure {

    private static final String ROLE = "arn:aws:iam::123456789012:role/payments-write-scoped";

    private ScopedCredentialsMeasure() {
    }

    /** The session policy that limits the assumed role to {@code scope}. */
    static String sessionPolicy(Scope scope) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Action", scope.actions());
        statement.put("Resource", scope.resources());
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        return Json.write(policy);
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Scope scope = new Scope(List.of("dynamodb:GetItem", "dynamodb:PutItem", "sqs:SendMessage"),
                List.of("arn:aws:dynamodb:us-east-1:123456789012:table/payments",
                        "arn:aws:sqs:us-east-1:123456789012:payment-events"));
        String policy = sessionPolicy(scope);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (StsClient sts = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            AssumeRoleResponse first = assume(sts, policy, 0);
            System.out.printf("session policy: %d bytes of JSON (AWS limit 2048 characters before packing); packed size %s%%;"
                    + " credentials expire %s%n", policy.getBytes(StandardCharsets.UTF_8).length,
                    first.packedPolicySize(), first.credentials().expiration());
            for (int i = 0; i < 50; i++) {
                assume(sts, policy, i);
            }
            long[] wallNanos = new long[calls];
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                assume(sts, policy, i);
                wallNanos[i] = System.nanoTime() - start;
            }
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
            Arrays.sort(wallNanos);
            System.out.printf("AssumeRole with the session policy, %d calls: client CPU %.0f µs/call; wall p50 %.2f ms,"
                    + " p90 %.2f ms, max %.2f ms%n", calls, cpuNanos / 1e3 / calls, wallNanos[calls / 2] / 1e6,
                    wallNanos[calls * 9 / 10] / 1e6, wallNanos[calls - 1] / 1e6);

            Map<String, Credentials> cache = new ConcurrentHashMap<>();
            cache.put(policy, first.credentials());
            int hits = 1_000_000;
            long hitCpuStart = threads.getCurrentThreadCpuTime();
            int fresh = 0;
            for (int i = 0; i < hits; i++) {
                Credentials cached = cache.get(sessionPolicy(scope));
                if (cached.expiration().isAfter(Instant.now().plusSeconds(300))) {
                    fresh++;
                }
            }
            long hitCpu = threads.getCurrentThreadCpuTime() - hitCpuStart;
            System.out.printf("cache hit (derive the policy, look it up, check expiry): %.2f µs CPU (%d of %d fresh)%n",
                    hitCpu / 1e3 / hits, fresh, hits);
        }
    }

    private static AssumeRoleResponse assume(StsClient sts, String policy, int n) {
        return sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("payments-write-" + n).policy(policy)
                .durationSeconds(900));
    }
}
