package dev.writ.guard.hop;

/** Gives the child writ for one outgoing message or invocation of the running execution. */
@FunctionalInterface
interface ChildSource {
    /**
     * @param kind   the kind of call
     * @param target the target as the call names it
     * @param digest base64url SHA-256 the child writ binds, or null
     */
    String child(HopKind kind, String target, String digest);
}
