package dev.writ.lineagefn.query;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item read from the table: a record, or, when the item is not a well-formed record, where it
 * is and what is wrong with it. Listings show such items instead of failing or hiding them.
 */
public record StoredItem(String chain, long seq, Optional<LineageRecord> record, Optional<String> problem) {

    static StoredItem of(Map<String, AttributeValue> item) {
        String chain = item.containsKey("chain") && item.get("chain").s() != null ? item.get("chain").s() : "?";
        long seq = -1;
        if (item.containsKey("seq") && item.get("seq").n() != null) {
            try {
                seq = Long.parseLong(item.get("seq").n());
            } catch (NumberFormatException e) {
                seq = -1;
            }
        }
        try {
            return new StoredItem(chain, seq, Optional.of(LineageRecord.fromItem(item)), Optional.empty());
        } catch (MalformedRecordException e) {
            return new StoredItem(chain, seq, Optional.empty(), Optional.of(e.getMessage()));
        }
    }
}
