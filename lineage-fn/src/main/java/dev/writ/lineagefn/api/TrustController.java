package dev.writ.lineagefn.api;

import dev.writ.audit.CheckpointKey;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.lineagefn.config.CheckpointKeys;
import dev.writ.lineagefn.config.CheckpointWitnesses;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.List;

/**
 * {@code GET /api/trust}: this deployment's trust file (writ-trust/v1, docs/lineage.md, Trust
 * file): its origin, checkpoint verifier key and the witnesses its signer submits to
 * ({@code WRIT_CHECKPOINT_WITNESSES}), public keys only, with {@code witnessesRequired} 0: how many
 * cosignatures to require is the verifier's decision. A verifier should compare it with a copy
 * obtained independently.
 */
@Controller(value = "/api/trust", produces = MediaType.APPLICATION_JSON)
class TrustController {
    private final CheckpointKeys keys;
    private final LineageConfig config;
    private final List<CosignerKey> witnesses;

    TrustController(CheckpointKeys keys, LineageConfig config, CheckpointWitnesses witnesses) {
        this.keys = keys;
        this.config = config;
        this.witnesses = witnesses.keys();
    }

    @Get
    String trust() {
        CheckpointKey key = keys.key().orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "NO_CHECKPOINT_KEY",
                "no checkpoint key is configured: nothing can be trusted"));
        return new TrustPolicy(keys.origin(config.table()), key, witnesses, 0).toJson();
    }
}
