package dev.writ.cli.dev;


import dev.writ.audit.ChainVerdict;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.audit.VerifyProgress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests to a running {@code writ dev} over loopback HTTP, as its sample users, and its lineage count. */
final class DevHttp {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private DevHttp() {
    }

    /** A bearer token of the sample user {@code user}, valid for ten minutes. */
    static String token(DevStack stack, String user) {
        return stack.idp().token(SampleIdp.user(user), Duration.ofMinutes(10));
    }

    /** {@code method path} with {@code Authorization: Bearer <bearer>} when a bearer is given; POSTs send {@code {}}. */
    static HttpResponse<String> send(DevServer server, String method, String path, String bearer,
                                     Map<String, String> headers) throws Exception {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        if (bearer != null) {
            lines.add(Map.entry("Authorization", "Bearer " + bearer));
        }
        lines.addAll(headers.entrySet());
        return sendLines(server, method, path, lines);
    }

    /** {@code method path} with one header line per entry, in order: a name given twice is a header given twice. */
    static HttpResponse<String> sendLines(DevServer server, String method, String path,
                                          List<Map.Entry<String, String>> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        headers.forEach(h -> b.header(h.getKey(), h.getValue()));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Records verified on every chain but the checkpoint chain. */
    static long lineageRecords(DevStack stack) {
        return stack.audit().verifyAll(VerifyProgress.none()).stream()
                .filter(v -> !v.chain().equals(LineageRecord.CHECKPOINT_CHAIN))
                .mapToLong(ChainVerdict::recordsVerified).sum();
    }
}
