package dev.writ.audit;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.RecordJson;

/** Records as the leaves of their chain's RFC 9162 tree. */
public final class Leaves {
    private Leaves() {
    }

    /** The record's leaf hash, {@code SHA-256(0x00 || JCS(record without prev and hash))}: the value its chain hash starts from. */
    public static MerkleHash of(LineageRecord r) {
        return MerkleHash.leaf(RecordJson.canonicalContent(r));
    }
}
