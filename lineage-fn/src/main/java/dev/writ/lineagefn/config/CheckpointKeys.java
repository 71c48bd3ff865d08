package dev.writ.lineagefn.config;


import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.keys.VerificationKey;
import dev.writ.audit.CheckpointKey;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.utils.Lazy;

/**
 * The checkpoint key: the KMS key named by {@code WRIT_CHECKPOINT_KMS_KEY_ID} (before 0.2
 * {@code WRIT_KMS_KEY_ID}, still read with a warning) and the note key name
 * {@code WRIT_CHECKPOINT_KEY_NAME}; the Micronaut properties {@code writ.checkpoint.kms-key-id} and
 * {@code writ.checkpoint.key-name} override them (tests). Its public key comes from KMS
 * {@code GetPublicKey} on first use. Without a key id, checkpoints pin nothing and verification
 * cannot see tail truncation: the API says so in every verification result.
 */
@Singleton
public class CheckpointKeys {
    /** The KMS key that signs checkpoints. */
    public static final Variable KMS_KEY_ID = Variable.of("WRIT_CHECKPOINT_KMS_KEY_ID", "WRIT_KMS_KEY_ID");
    /** The key name in checkpoint notes. */
    public static final Variable KEY_NAME = Variable.of("WRIT_CHECKPOINT_KEY_NAME");
    /** The origin line of checkpoint notes and log checkpoints (unique per deployment; default: the table name). */
    public static final Variable ORIGIN = Variable.of("WRIT_CHECKPOINT_ORIGIN");

    private final Optional<String> keyId;
    private final String keyName;
    private final Optional<String> origin;
    private final Supplier<KmsClient> kms = AwsClients.lazyKms();
    private final Lazy<Optional<CheckpointKey>> key;
    private final Lazy<Optional<String>> keyArn;

    public CheckpointKeys(@Value("${writ.checkpoint.kms-key-id:}") String keyId,
            @Value("${writ.checkpoint.key-name:}") String keyName, @Value("${writ.checkpoint.origin:}") String origin) {
        Environment env = Environment.system();
        this.origin = origin == null || origin.isBlank() ? env.string(ORIGIN) : Optional.of(origin.strip());
        Optional<String> fromEnvironment = env.string(KMS_KEY_ID);
        this.keyId = keyId == null || keyId.isBlank() ? fromEnvironment : Optional.of(keyId.strip());
        this.keyName = keyName == null || keyName.isBlank()
                ? env.string(KEY_NAME).orElse(CheckpointKey.DEFAULT_NAME) : keyName.strip();
        this.keyArn = new Lazy<>(() -> this.keyId.map(id -> kms.get().describeKey(r -> r.keyId(id)).keyMetadata().arn()));
        this.key = new Lazy<>(() -> keyArn.getValue().map(arn -> {
            VerificationKey k = new KmsKeyResolver(Set.of(arn), kms).resolve(arn)
                    .orElseThrow(() -> new IllegalStateException("KMS key " + arn + " has no usable public key"));
            return new CheckpointKey(this.keyName, k.publicKey());
        }));
    }

    private CheckpointKeys(String label, CheckpointKey key, Optional<String> origin) {
        this.keyId = Optional.of(label);
        this.origin = origin;
        this.keyName = key.name();
        this.keyArn = new Lazy<>(() -> Optional.of(label));
        this.key = new Lazy<>(() -> Optional.of(key));
    }

    /**
     * Keys given rather than read from KMS: {@code writ dev} verifies its checkpoints with the
     * public key of its local checkpoint key. {@code label} is what {@link #keyId()} reports.
     */
    public static CheckpointKeys fixed(String label, CheckpointKey key) {
        return new CheckpointKeys(label, key, Optional.empty());
    }

    /** As {@link #fixed(String, CheckpointKey)}, with the origin checkpoints carry. */
    public static CheckpointKeys fixed(String label, CheckpointKey key, String origin) {
        return new CheckpointKeys(label, key, Optional.of(origin));
    }

    /** The origin checkpoints of {@code table} carry: {@code WRIT_CHECKPOINT_ORIGIN}, else the table name. */
    public String origin(String table) {
        return origin.orElse(table);
    }

    /** The configured KMS key id (ARN, id or alias), if any. */
    public Optional<String> keyId() {
        return keyId;
    }

    public String keyName() {
        return keyName;
    }

    /** The checkpoint verifier key, read from KMS once; empty when no key is configured. */
    public Optional<CheckpointKey> key() {
        return key.getValue();
    }

    /** The KMS client these keys are read with (shared with the checkpoint signer). */
    public KmsClient kms() {
        return kms.get();
    }
}
