package dev.writ.guard.writ;

import dev.writ.core.json.JsonMembers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code req} claim: the HTTP request a writ was issued for. Method and path are always
 * bound; API id, stage and query hash are bound when the issuer could see them (a REST TOKEN
 * authorizer cannot see the query string, so it claims none). The body is never claimed.
 *
 * @param method     HTTP method, upper case
 * @param path       request path as API Gateway reports it
 * @param apiId      API Gateway API id, or null when not bound
 * @param stage      API Gateway stage, or null when not bound
 * @param queryHash  {@link QueryHash} of the query parameters, or null when not bound
 */
public record RequestBinding(String method, String path, String apiId, String stage, String queryHash) {

    public RequestBinding {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("m", method);
        json.put("p", path);
        putIfPresent(json, "api", apiId);
        putIfPresent(json, "stg", stage);
        putIfPresent(json, "q", queryHash);
        return json;
    }

    static RequestBinding fromJson(JsonMembers claims) {
        return new RequestBinding(claims.requiredString("m"), claims.requiredString("p"),
                claims.optionalString("api"), claims.optionalString("stg"), claims.optionalString("q"));
    }

    static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
