package dev.writ.guard.hop;

import dev.writ.guard.writ.BoundInputs;

/** Gives the child writ for one outgoing message or invocation of the running execution. */
@FunctionalInterface
interface ChildSource {
    /**
     * @param kind   the kind of call
     * @param target the target as the call names it
     * @param digest base64url SHA-256 the child writ binds, or null
     */
    String child(HopKind kind, String target, String digest);

    /** The digest a message body binds ({@code body}); null for none. */
    static String bodyDigest(String body) {
        return body == null ? null : BoundInputs.digest(body);
    }
}
