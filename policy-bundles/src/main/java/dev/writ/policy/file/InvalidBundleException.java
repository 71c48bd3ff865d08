package dev.writ.policy.file;

/**
 * A bundle file that must not be used. The authorizer denies every request when its bundle is
 * invalid, and logs {@link #reason()} and the message (which never holds key material).
 */
public final class InvalidBundleException extends Exception {

    /** Why a bundle file was refused; each check of {@link BundleLoader} has its own code. */
    public enum ReasonCode {
        /** The file could not be read. */
        UNREADABLE,
        /** Not a bundle file: too large, bad JSON, duplicate members, bad base64, bad paths. */
        MALFORMED,
        /** No signature, an empty signature, or {@code alg} {@code none}. */
        UNSIGNED,
        /** {@code alg} or {@code typ} not allowed, an unexpected header member, or an alg that does not fit the key. */
        UNSUPPORTED_ALG,
        /** The {@code kid} is not among the trusted keys. */
        UNKNOWN_KEY,
        /** The {@code kid} is trusted but its public key could not be fetched (KMS unreachable). */
        KEY_UNAVAILABLE,
        /** The signature does not verify with the trusted key. */
        BAD_SIGNATURE,
        /** The files do not hash to the signed content hash: a file was edited, added or removed. */
        HASH_MISMATCH,
        /** The signed name or revision differs from the bundle's manifest. */
        MANIFEST_MISMATCH,
        /** Signed and intact, but the bundle itself does not compile or validate. */
        INVALID_POLICIES,
        /** Cedar cannot run on this platform: its native library does not load. */
        ENGINE_UNAVAILABLE
    }

    private final ReasonCode reason;

    public InvalidBundleException(ReasonCode reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /** The check that failed. */
    public ReasonCode reason() {
        return reason;
    }
}
