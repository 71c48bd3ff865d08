package dev.writ.guard.hop;

import dev.writ.guard.writ.BoundInputs;

/** Gives the child writ for one outgoing message or invocation of the running execution. */
@FunctionalInterface
interface ChildSource {
    /**
     * @param kind   the kind of call
     * @param target the target as the call names it
     * @param digest base64url SHA-256 the child writ binds, or null
     * @param inEnvelope the child travels in a direct-invoke envelope, not where {@code kind} usually carries it
     */
    String child(HopKind kind, String target, String digest, boolean inEnvelope);

    /** The child for a call that carries it where its kind usually does. */
    default String child(HopKind kind, String target, String digest) {
        return child(kind, target, digest, false);
    }

    /** The digest a message body binds ({@code body}); null for none. */
    static String bodyDigest(String body) {
        return body == null ? null : BoundInputs.digest(body);
    }
}
