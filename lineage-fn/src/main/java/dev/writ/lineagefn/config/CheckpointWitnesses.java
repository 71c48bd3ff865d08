package dev.writ.lineagefn.config;

import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.witness.WitnessClient;
import dev.writ.core.config.Environment;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import java.util.List;

/**
 * The witnesses of {@code WRIT_CHECKPOINT_WITNESSES} (property {@code writ.checkpoint.witnesses}),
 * read when the application context starts ({@link Context}), not when the signer or
 * {@code GET /api/trust} first needs them: a bad value stops the function at Lambda init with a
 * {@link dev.writ.core.config.ConfigurationException} naming the variable, so no request is
 * answered by a half-configured deployment.
 */
@Context
public final class CheckpointWitnesses {
    private final List<WitnessClient> clients;

    CheckpointWitnesses(@Value("${writ.checkpoint.witnesses:}") String witnesses) {
        this.clients = WitnessEndpoints.parse(witnesses == null || witnesses.isBlank()
                ? Environment.system().string(WitnessEndpoints.WITNESSES).orElse("") : witnesses);
    }

    /** A client per witness, in the order configured. */
    public List<WitnessClient> clients() {
        return clients;
    }

    /** The witnesses' cosigner keys, in order (what the auditor API's trust file names). */
    public List<CosignerKey> keys() {
        return clients.stream().map(WitnessClient::key).toList();
    }
}
