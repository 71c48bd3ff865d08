package dev.writ.lineagefn.api;


import dev.writ.audit.CheckpointKey;
import dev.writ.audit.CheckpointNote;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.lineagefn.config.CheckpointKeys;
import dev.writ.lineagefn.query.LineageQueries;
import dev.writ.lineagefn.query.StoredItem;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/checkpoints/latest}: the newest checkpoint record, its signed note, and whether
 * the note verifies with the configured KMS key ({@code signature}: {@code valid}, {@code invalid},
 * or {@code no-key}); with a valid signature, the chain heads it pins.
 */
@Controller(value = "/api/checkpoints", produces = MediaType.APPLICATION_JSON)
class CheckpointController {
    private final LineageQueries queries;
    private final CheckpointKeys keys;

    CheckpointController(LineageQueries queries, CheckpointKeys keys) {
        this.queries = queries;
        this.keys = keys;
    }

    @Get("/latest")
    Map<String, Object> latest() {
        StoredItem item = queries.latestCheckpoint()
                .orElseThrow(() -> ApiException.notFound("NO_CHECKPOINT", "no checkpoint has been written yet"));
        Map<String, Object> body = new LinkedHashMap<>();
        if (item.record().isEmpty()) {
            body.put("record", Views.item(item));
            body.put("signature", "invalid");
            return body;
        }
        LineageRecord r = item.record().get();
        body.put("record", Views.record(r));
        Optional<CheckpointKey> key = keys.key();
        if (key.isEmpty()) {
            body.put("signature", "no-key");
            return body;
        }
        body.put("verifierKey", key.get().verifierKey());
        Optional<CheckpointNote.Contents> contents = r.note().flatMap(n -> CheckpointNote.verify(n, key.get()));
        body.put("signature", contents.isPresent() ? "valid" : "invalid");
        contents.ifPresent(c -> body.put("heads", c.heads().stream()
                .map(h -> Map.<String, Object>of("chain", h.chain(), "seq", h.seq(), "hash", h.hash())).toList()));
        return body;
    }
}
