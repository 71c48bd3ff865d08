package dev.writ.audit.proof;

import java.nio.charset.StandardCharsets;

/**
 * A proof bundle with its canonical JSON, checked to be no larger than a verifier reads
 * ({@link ProofBundle#MAX_BYTES}): serialised once, so what was checked is what is written or
 * served.
 */
public final class BoundedBundle {
    private final ProofBundle bundle;
    private final String json;

    private BoundedBundle(ProofBundle bundle, String json) {
        this.bundle = bundle;
        this.json = json;
    }

    /**
     * Serialises {@code bundle} once and keeps the JSON.
     *
     * @throws ProofBundle.TooLargeException naming its size and the bound
     */
    static BoundedBundle of(ProofBundle bundle) {
        return within(bundle, bundle.toJson());
    }

    /**
     * Reads a bundle by {@link ProofBundle#parse}'s rules, one canonical JSON included, and keeps
     * its text (less a final newline), which is then that canonical JSON.
     *
     * @throws MalformedBundleException naming the fault
     * @throws ProofBundle.TooLargeException past {@link ProofBundle#MAX_BYTES}
     */
    public static BoundedBundle parse(String json) {
        return within(ProofBundle.parse(json), ProofBundle.withoutFinalNewline(json));
    }

    private static BoundedBundle within(ProofBundle bundle, String json) {
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ProofBundle.MAX_BYTES) {
            throw new ProofBundle.TooLargeException("the bundle of " + bundle.execId() + " has " + bytes + " bytes, more than the "
                    + ProofBundle.MAX_BYTES + " bytes a verifier reads (writ proof verify refuses it)");
        }
        return new BoundedBundle(bundle, json);
    }

    public ProofBundle bundle() {
        return bundle;
    }

    /** The bundle's canonical JSON (RFC 8785), at most {@link ProofBundle#MAX_BYTES} bytes, without a final newline. */
    public String json() {
        return json;
    }
}
