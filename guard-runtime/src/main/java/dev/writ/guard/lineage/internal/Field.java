package dev.writ.guard.lineage.internal;

/**
 * The optional text fields of a lineage record, by wire name. One list drives the JSON form, the
 * DynamoDB item form and the hash input, so the three cannot drift apart.
 */
public enum Field {
    EXEC_ID("execId"),
    TXN("txn"),
    PAR("par"),
    PRINCIPAL("principal"),
    FUNCTION("function"),
    ACTION("action"),
    RESOURCE("resource"),
    DECISION("decision"),
    REASON("reason"),
    BUNDLE("bundle"),
    PAYLOAD_HASH("payloadHash"),
    /** The tool an agent's tool call named (the writ binds only its digest). */
    TOOL("tool"),
    /** The agent a tool call's decision was asked by (the writ's {@code act}: the host's IAM role at the tool-call exchange). */
    AGENT("agent"),
    /** The signed note of a checkpoint record. */
    NOTE("note");

    public static final String CHAIN = "chain";
    public static final String SEQ = "seq";
    public static final String PREV = "prev";
    public static final String TYPE = "type";
    public static final String TS = "ts";
    public static final String HASH = "hash";

    public final String wire;

    Field(String wire) {
        this.wire = wire;
    }
}
