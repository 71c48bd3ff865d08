package dev.writ.e2e;

import dev.writ.core.json.Json;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where the end-to-end tests send their AWS calls, always chosen explicitly:
 * <ul>
 *   <li>{@code WRIT_LOCALSTACK_ENDPOINT}: a LocalStack ({@code scripts/test} starts one and sets it). Its version and
 *       services are read from {@code /_localstack/info} and {@code /_localstack/health} first;</li>
 *   <li>{@code WRIT_LOCALSTACK=off}: the direct emulators, through the SDK's {@code AWS_ENDPOINT_URL_*} variables;</li>
 *   <li>{@code WRIT_E2E_REAL_AWS=true}: the SDK's default endpoints of a real account.</li>
 * </ul>
 * None of them, or more than one: every test fails saying what to run (never a skip, never a real account by
 * accident).
 */
final class Endpoints {
    static final String LOCALSTACK_ENDPOINT = "WRIT_LOCALSTACK_ENDPOINT";
    static final String LOCALSTACK = "WRIT_LOCALSTACK";
    static final String REAL_AWS = "WRIT_E2E_REAL_AWS";
    /** What the tests call; each must be running (or available) on the LocalStack. */
    static final List<String> SERVICES = List.of("dynamodb", "kms");
    private static final Set<String> READY = Set.of("running", "available");
    private static final String HOW = " Run the end-to-end tests with scripts/test (-pl localstack-tests -am), which starts"
            + " LocalStack and sets " + LOCALSTACK_ENDPOINT + "; or set it to a running LocalStack (scripts/localstack start:"
            + " http://127.0.0.1:4566); against the direct emulators " + LOCALSTACK + "=off with AWS_ENDPOINT_URL_DYNAMODB and"
            + " AWS_ENDPOINT_URL_KMS; against a real account " + REAL_AWS + "=true. See localstack-tests/README.md";

    /** Straight to the endpoint: an http_proxy in the environment must not answer for LocalStack. */
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Endpoints() {
    }

    /** Where the tests run; what a run needs to know about it. */
    record Target(String description, URI localStack) {
        /** The variables of a process the tests start ({@code writ}): all its AWS calls go where the tests' go. */
        void applyTo(Map<String, String> environment) {
            if (localStack != null) {
                environment.keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL"));
                environment.put("AWS_ENDPOINT_URL", localStack.toString());
            }
        }
    }

    /** One GET on the LocalStack: the body of a 200 answer, or an exception saying why not. */
    interface Fetcher {
        String get(URI uri) throws IOException, InterruptedException;
    }

    /**
     * The target of this run: fails the test with a clear message when none (or more than one) is configured, or when
     * the LocalStack does not answer or lacks a service the tests call. Asked again by each test class, so a LocalStack
     * that died during the run is named as the cause from the next class on.
     */
    static Target require() {
        Target target = resolve(System.getenv(), Endpoints::get);
        if (target.localStack() != null) {
            // The SDK's own setting, which wins over the AWS_ENDPOINT_URL_* variables that scripts/test exports for the
            // direct emulators: every client in this JVM (the stack's, the guard's, lineage-fn's) goes there.
            System.setProperty("aws.endpointUrl", target.localStack().toString());
        }
        return target;
    }

    static Target resolve(Map<String, String> env, Fetcher fetcher) {
        if (blank(env.get("AWS_REGION"))) {
            fail("AWS_REGION is not set." + HOW);
        }
        List<String> chosen = new ArrayList<>();
        if (!blank(env.get(LOCALSTACK_ENDPOINT))) {
            chosen.add(LOCALSTACK_ENDPOINT + "=" + env.get(LOCALSTACK_ENDPOINT));
        }
        if (env.containsKey(LOCALSTACK)) {
            if (!"off".equals(env.get(LOCALSTACK))) {
                fail(LOCALSTACK + " is either unset or off, not '" + env.get(LOCALSTACK) + "'." + HOW);
            }
            chosen.add(LOCALSTACK + "=off");
        }
        if ("true".equals(env.get(REAL_AWS))) {
            chosen.add(REAL_AWS + "=true");
        }
        if (chosen.size() != 1) {
            fail((chosen.isEmpty() ? "No endpoint chosen for the end-to-end tests: " + LOCALSTACK_ENDPOINT + " is not set."
                    : "Choose one endpoint for the end-to-end tests, not " + String.join(" and ", chosen) + ".") + HOW);
        }
        if (chosen.get(0).startsWith(REAL_AWS)) {
            return new Target("a real AWS account in " + env.get("AWS_REGION") + " (" + REAL_AWS + "=true)", null);
        }
        if (chosen.get(0).startsWith(LOCALSTACK + "=")) {
            return directEmulators(env);
        }
        return localStack(env.get(LOCALSTACK_ENDPOINT).strip(), fetcher);
    }

    private static Target directEmulators(Map<String, String> env) {
        for (String service : new String[] {"DYNAMODB", "KMS"}) {
            if (blank(env.get("AWS_ENDPOINT_URL_" + service)) && blank(env.get("AWS_ENDPOINT_URL"))) {
                fail("No endpoint for " + service + ": set AWS_ENDPOINT_URL_" + service + " or AWS_ENDPOINT_URL." + HOW);
            }
        }
        return new Target("the direct emulators, NOT LocalStack (" + LOCALSTACK + "=off): DynamoDB "
                + endpoint(env, "DYNAMODB") + ", KMS " + endpoint(env, "KMS"), null);
    }

    private static String endpoint(Map<String, String> env, String service) {
        String specific = env.get("AWS_ENDPOINT_URL_" + service);
        return blank(specific) ? env.get("AWS_ENDPOINT_URL") : specific;
    }

    @SuppressWarnings("unchecked")
    private static Target localStack(String value, Fetcher fetcher) {
        URI endpoint = url(value);
        Map<String, Object> info;
        Map<String, Object> health;
        try {
            info = Json.parseObject(fetcher.get(endpoint.resolve("/_localstack/info")));
            health = Json.parseObject(fetcher.get(endpoint.resolve("/_localstack/health")));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("LocalStack at " + endpoint + " does not answer (" + LOCALSTACK_ENDPOINT + "): " + e
                    + "." + HOW, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while asking " + endpoint + " for its version", e);
        }
        if (!(info.get("version") instanceof String version) || !(health.get("services") instanceof Map<?, ?> states)) {
            throw new AssertionError(endpoint + " answers, but not as LocalStack does (no version in /_localstack/info or no"
                    + " services in /_localstack/health): " + info + "." + HOW);
        }
        List<String> ready = new ArrayList<>();
        for (String service : SERVICES) {
            Object state = ((Map<String, Object>) states).get(service);
            if (!READY.contains(state)) {
                fail("LocalStack " + version + " at " + endpoint + " does not run " + service + " (state: " + state
                        + "): start it with SERVICES including " + String.join(",", SERVICES)
                        + " (scripts/localstack start and scripts/test do)");
            }
            ready.add(service + " " + state);
        }
        return new Target("LocalStack " + version + " at " + endpoint + " (" + String.join(", ", ready) + ")", endpoint);
    }

    private static URI url(String value) {
        try {
            URI uri = URI.create(value.replaceAll("/+$", ""));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // not a URI at all: the same failure as a URI that is not an HTTP URL
        }
        return fail(LOCALSTACK_ENDPOINT + " must be a URL such as http://127.0.0.1:4566, not '" + value + "'." + HOW);
    }

    static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri.getPath() + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
