package dev.writ.lineagefn.checkpoint;


import dev.writ.audit.CheckpointKey;
import dev.writ.core.config.ConfigurationException;
import dev.writ.audit.Checkpointer;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.core.sign.KmsSigner;
import dev.writ.audit.CheckpointCopy;
import dev.writ.audit.S3CheckpointCopies;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import java.util.Optional;
import dev.writ.lineagefn.config.CheckpointKeys;
import dev.writ.lineagefn.config.CheckpointWitnesses;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.utils.Lazy;

/**
 * Signs a checkpoint of every chain head with the KMS key {@code WRIT_CHECKPOINT_KMS_KEY_ID} (ECC_NIST_P256)
 * and appends it to the {@code checkpoint} chain, through guard-runtime's {@link Checkpointer}.
 * Each log checkpoint goes to the witnesses of {@code WRIT_CHECKPOINT_WITNESSES} ({@link CheckpointWitnesses}) and is stored with their cosignatures; with
 * {@code WRIT_CHECKPOINT_COPY_BUCKET} (property {@code writ.checkpoint.copy-bucket}) the checkpoint
 * and its cosigned log checkpoint are also written to that Object Lock bucket.
 * The KMS signer (DescribeKey, GetPublicKey) is made on the first run and reused while warm.
 */
@Singleton
public class CheckpointService {
    private final LineageAudit audit;
    private final CheckpointKeys keys;
    private final Lazy<Checkpointer> checkpointer;

    private final CheckpointWitnesses witnesses;
    private final Optional<S3CheckpointCopies> copies;

    /** The S3 bucket (Object Lock, compliance mode) each checkpoint is also copied to, under {@code <origin>/}. */
    public static final Variable COPY_BUCKET = Variable.of("WRIT_CHECKPOINT_COPY_BUCKET");

    public CheckpointService(LineageAudit audit, CheckpointKeys keys, CheckpointWitnesses witnesses,
                             @Value("${writ.checkpoint.copy-bucket:}") String copyBucket) {
        this.audit = audit;
        this.keys = keys;
        this.witnesses = witnesses;
        Optional<String> bucket = copyBucket == null || copyBucket.isBlank() ? Environment.system().string(COPY_BUCKET) : Optional.of(copyBucket.strip());
        this.copies = bucket.map(b -> new S3CheckpointCopies(b, keys.origin(audit.config().table()) + "/", S3CheckpointCopies.defaultClient()));
        this.checkpointer = new Lazy<>(this::makeCheckpointer);
    }

    /**
     * Appends one checkpoint record holding the current head of every chain.
     *
     * @throws ConfigurationException when no KMS key is configured
     * @throws dev.writ.guard.lineage.LineageUnavailableException when the table cannot be read or written
     */
    public Checkpointer.Checkpoint checkpoint() {
        Checkpointer.Checkpoint cp = checkpointer.getValue().checkpoint(audit.chains());
        // A copy that cannot be written fails the run (Lambda Errors); the next run copies its own checkpoint.
        copies.ifPresent(c -> cp.logNote().ifPresent(note -> c.put(new CheckpointCopy(cp.record(), note))));
        return cp;
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
        return Checkpointer.create(audit, signer, key, keys.origin(audit.config().table()), witnesses.clients());
    }
}
