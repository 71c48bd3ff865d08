package dev.writ.guard.hop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a guarded execution asks the writ exchange for: a child writ for one outgoing call.
 *
 * @param parentWrit the running execution's compact writ (the exchange verifies it as the guard did)
 * @param kind       the kind of call
 * @param target     the target as the call names it: function name or ARN, queue URL, topic ARN,
 *                   event bus name or ARN, state machine ARN
 * @param digest     base64url SHA-256 of what the child writ binds (Lambda payload: JCS of the JSON
 *                   payload; a message: its body), or null when nothing is bound
 * @param inEnvelope the child travels in the direct-invoke envelope of an asynchronous Lambda invoke,
 *                   not the client context (whose size limit then does not apply)
 */
public record HopRequest(String parentWrit, HopKind kind, String target, String digest, boolean inEnvelope) {

    public HopRequest {
        Objects.requireNonNull(parentWrit, "parentWrit");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    /** A request for a child carried where its kind usually carries it. */
    public HopRequest(String parentWrit, HopKind kind, String target, String digest) {
        this(parentWrit, kind, target, digest, false);
    }

    /**
     * The exchange's request body: {@code writ}, {@code kind}, {@code target}, when bound
     * {@code payload} (the digest), and {@code "envelope": true} for a child carried in the envelope.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("writ", parentWrit);
        body.put("kind", kind.wire());
        body.put("target", target);
        if (digest != null) {
            body.put("payload", digest);
        }
        if (inEnvelope) {
            body.put("envelope", true);
        }
        return body;
    }
}
