package dev.writ.policy.bundle;

/** An entity uid in Cedar syntax, as writs and lineage name a Cedar resource. */
public final class CedarUid {
    private CedarUid() {
    }

    /** {@code Payments::Payment::"p-1001"}: the id quoted, with {@code \} and {@code "} escaped. */
    public static String of(String type, String id) {
        return type + "::\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
