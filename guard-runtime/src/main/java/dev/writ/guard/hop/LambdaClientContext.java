package dev.writ.guard.hop;

import dev.writ.core.json.Json;
import dev.writ.guard.internal.EventInspector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda's client context as a hop's writ travels in it: base64 JSON whose {@code custom.writ} the
 * receiving guard reads. Shared by the interceptor, which adds the writ, and the writ exchange,
 * which refuses to mint a child that could not fit.
 */
public final class LambdaClientContext {

    /** Lambda's limit on the base64 client context ({@code X-Amz-Client-Context}). */
    public static final int MAX_LENGTH = 3583;

    private LambdaClientContext() {
    }

    /** Whether {@code writ} fits a client context that carries nothing else. */
    public static boolean fitsAlone(String writ) {
        return withWrit(null, writ).length() <= MAX_LENGTH;
    }

    /**
     * {@code clientContext} (base64 JSON, or null) with {@code custom.writ} set.
     *
     * @throws WritHopException {@code HOP_NOT_POSSIBLE} when the given client context is not base64 JSON
     */
    static String withWrit(String clientContext, String writ) {
        Map<String, Object> context = new LinkedHashMap<>();
        if (clientContext != null && !clientContext.isEmpty()) {
            try {
                context.putAll(Json.parseObject(Base64.getDecoder().decode(clientContext)));
            } catch (RuntimeException e) {
                throw new WritHopException(WritHopException.Reason.HOP_NOT_POSSIBLE, null,
                        "lambda:Invoke: the request's client context is not base64 JSON, so it cannot carry the writ");
            }
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        if (context.get("custom") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> custom.put(String.valueOf(k), v));
        }
        custom.put(EventInspector.WRIT, writ);
        context.put("custom", custom);
        return Base64.getEncoder().encodeToString(Json.write(context).getBytes(StandardCharsets.UTF_8));
    }
}
