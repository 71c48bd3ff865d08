package dev.writ.e2e;

import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.lineagefn.checkpoint.CheckpointService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * lineage-fn's auditor API (its Micronaut controllers, as deployed behind API Gateway) on an
 * embedded server on 127.0.0.1, called over real HTTP; its checkpoint signer signs with the
 * stack's KMS key. Reads the table through the SDK's endpoint variables like everything else.
 */
final class AuditorApi implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApplicationContext context;
    private final URI base;

    AuditorApi(String lineageTable, String kmsKeyArn) {
        this.context = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "writ.lineage.table", lineageTable, "writ.checkpoint.kms-key-id", kmsKeyArn,
                "micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1")).getApplicationContext();
        this.base = context.getBean(EmbeddedServer.class).getURI();
    }

    /** A JSON answer: status, parsed body, raw body (for assertion messages). */
    record Reply(int status, Map<String, Object> json, String raw) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) json.get(field);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String field) {
            return (Map<String, Object>) json.get(field);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    Reply post(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** {@code GET /api/executions/{execId}}: the execution's records across chains, each re-verified. */
    Reply execution(String execId) {
        return get("/api/executions/" + enc(execId));
    }

    /**
     * {@link #execution}, once the {@code byExecId} index shows at least {@code records} records:
     * GSIs are eventually consistent on AWS (DynamoDB Local updates them at once).
     */
    Reply execution(String execId, int records) {
        return await("/api/executions/" + enc(execId),
                r -> r.status() == 200 && r.json().get("records") instanceof List<?> l && l.size() >= records);
    }

    /** GET {@code path} until {@code done} holds or 20 s have passed; returns the last reply either way. */
    Reply await(String path, java.util.function.Predicate<Reply> done) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        Reply r = get(path);
        while (!done.test(r) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            r = get(path);
        }
        return r;
    }

    /** {@code GET /api/chains/{chain}/records}: the chain's records (up to 1000), ascending. */
    Reply records(String chain) {
        return get("/api/chains/" + enc(chain) + "/records?limit=1000");
    }

    /** {@code POST /api/chains/{chain}/verifications}: verifies the chain against the latest checkpoint. */
    Reply verify(String chain) {
        return post("/api/chains/" + enc(chain) + "/verifications?wait=20");
    }

    /** Signs a checkpoint of every chain head now, as the scheduled function does. */
    LineageRecord checkpoint() {
        return context.getBean(CheckpointService.class).checkpoint().record();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? Map.of() : Json.parseObject(r.body()), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
