package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.LineageHash;

/** Lets tests outside the package see a draft as the record JSON the writer would seal. */
public final class LineageRecordAccess {
    private LineageRecordAccess() {
    }

    public static String json(LineageRecord.Draft draft) {
        return LineageRecord.seal("test#0", 0, LineageHash.ZERO_HEX, draft).toJson();
    }
}
