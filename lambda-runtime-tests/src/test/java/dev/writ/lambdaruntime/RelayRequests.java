package dev.writ.lambdaruntime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Requests to a {@link RuntimeApiRelay} as a runtime client and an extension make them (the relay's unit tests). */
final class RelayRequests {
    static final String RUNTIME_NEXT = "/2018-06-01/runtime/invocation/next";
    static final String EXTENSION_REGISTER = "/2020-01-01/extension/register";
    static final String EXTENSION_NEXT = "/2020-01-01/extension/event/next";

    private final HttpClient http = HttpClient.newHttpClient();
    private final RuntimeApiRelay relay;

    RelayRequests(RuntimeApiRelay relay) {
        this.relay = relay;
    }

    /** {@code path} below the emulator's {@code /.rt} prefix; a POST registers for {@code INVOKE} events. */
    CompletableFuture<HttpResponse<String>> send(String path, String method, String extensionId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + relay.address() + "/.rt" + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}")
                        : HttpRequest.BodyPublishers.noBody());
        if (extensionId != null) {
            request.header("Lambda-Extension-Identifier", extensionId);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
