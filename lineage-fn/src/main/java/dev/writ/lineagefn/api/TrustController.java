package dev.writ.lineagefn.api;

import dev.writ.audit.CheckpointKey;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.lineagefn.config.CheckpointKeys;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.List;

/**
 * {@code GET /api/trust}: this deployment's trust file (writ-trust/v1, docs/lineage.md, Trust
 * file): its origin and checkpoint verifier key, public keys only. No witnesses are named: none
 * are configured yet. A verifier should compare it with a copy obtained independently.
 */
@Controller(value = "/api/trust", produces = MediaType.APPLICATION_JSON)
class TrustController {
    private final CheckpointKeys keys;
    private final LineageConfig config;

    TrustController(CheckpointKeys keys, LineageConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Get
    String trust() {
        CheckpointKey key = keys.key().orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "NO_CHECKPOINT_KEY",
                "no checkpoint key is configured: nothing can be trusted"));
        return new TrustPolicy(keys.origin(config.table()), key, List.of(), 0).toJson();
    }
}
