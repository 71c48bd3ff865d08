package dev.writ.guard.lineage;

/**
 * The optional text fields of a lineage record, by wire name. One list drives the JSON form, the
 * DynamoDB item form and the hash input, so the three cannot drift apart.
 */
enum Field {
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
    /** The signed note of a checkpoint record. */
    NOTE("note");

    static final String CHAIN = "chain";
    static final String SEQ = "seq";
    static final String PREV = "prev";
    static final String TYPE = "type";
    static final String TS = "ts";
    static final String HASH = "hash";

    final String wire;

    Field(String wire) {
        this.wire = wire;
    }
}
