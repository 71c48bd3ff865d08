package dev.writ.lineagefn.checkpoint;


import dev.writ.audit.CheckpointKey;
import dev.writ.core.config.ConfigurationException;
import dev.writ.audit.Checkpointer;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.config.Environment;
import dev.writ.lineagefn.config.CheckpointKeys;
import dev.writ.lineagefn.config.WitnessEndpoints;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.utils.Lazy;

/**
 * Signs a checkpoint of every chain head with the KMS key {@code WRIT_CHECKPOINT_KMS_KEY_ID} (ECC_NIST_P256)
 * and appends it to the {@code checkpoint} chain, through guard-runtime's {@link Checkpointer}.
 * Each log checkpoint goes to the witnesses of {@code WRIT_CHECKPOINT_WITNESSES} (property
 * {@code writ.checkpoint.witnesses}) and is stored with their cosignatures.
 * The KMS signer (DescribeKey, GetPublicKey) is made on the first run and reused while warm.
 */
@Singleton
public class CheckpointService {
    private final LineageAudit audit;
    private final CheckpointKeys keys;
    private final Lazy<Checkpointer> checkpointer;

    private final String witnesses;

    public CheckpointService(LineageAudit audit, CheckpointKeys keys, @Value("${writ.checkpoint.witnesses:}") String witnesses) {
        this.audit = audit;
        this.keys = keys;
        this.witnesses = witnesses == null || witnesses.isBlank()
                ? Environment.system().string(WitnessEndpoints.WITNESSES).orElse("") : witnesses;
        this.checkpointer = new Lazy<>(this::makeCheckpointer);
    }

    /**
     * Appends one checkpoint record holding the current head of every chain.
     *
     * @throws ConfigurationException when no KMS key is configured
     * @throws dev.writ.guard.lineage.LineageUnavailableException when the table cannot be read or written
     */
    public Checkpointer.Checkpoint checkpoint() {
        return checkpointer.getValue().checkpoint(audit.chains());
    }

    /** The lineage table, as alarm lines name it. */
    public String table() {
        return audit.config().table();
    }

    private Checkpointer makeCheckpointer() {
        String keyId = keys.keyId().orElseThrow(() -> new ConfigurationException(CheckpointKeys.KMS_KEY_ID.name(),
                "is not set: the checkpoint signer needs a KMS ECC_NIST_P256 signing key"));
        KmsSigner signer = KmsSigner.create(keys.kms(), keyId);
        CheckpointKey key = keys.key().orElseThrow();
        return Checkpointer.create(audit, signer, key, keys.origin(audit.config().table()), WitnessEndpoints.parse(witnesses));
    }
}
