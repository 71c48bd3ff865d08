package dev.writ.cli.lineage;


import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.keys.VerificationKey;
import dev.writ.audit.BoundedFiles;
import dev.writ.audit.CheckpointKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where the checkpoint public key comes from: a JWKS file, a KMS key, or a C2SP verifier key file. */
public final class CheckpointKeyOptions {
    /** Far above a verifier key or a JWKS of a few public keys; a key file is read no further. */
    static final int MAX_KEY_FILE_BYTES = 1 << 16;

    @Option(names = "--jwks", paramLabel = "FILE", description = "JWKS holding the checkpoint public key (EC P-256).")
    Path jwks;

    @Option(names = "--kid", paramLabel = "KID", description = "Which key of the JWKS (default: its only EC P-256 key).")
    String kid;

    @Option(names = "--kms-key", paramLabel = "ARN", description = "KMS key that signs checkpoints (public key via GetPublicKey).")
    String kmsKey;

    @Option(names = "--verifier-key", paramLabel = "FILE",
            description = "File holding the checkpoint key as a C2SP verifier key (<name>+<key ID>+<key>), as writ demo --keys"
                    + " and writ lineage export --keys write it; carries the key name too.")
    Path verifierKey;

    @Option(names = "--key-name", paramLabel = "NAME",
            description = "Signed-note key name of the checkpoint signer, with --jwks or --kms-key (default " + CheckpointKey.DEFAULT_NAME + ").")
    String keyName;

    /** The key, or empty when none was given; throws IllegalArgumentException with a user-facing message. */
    public Optional<CheckpointKey> key() {
        if ((jwks != null ? 1 : 0) + (kmsKey != null ? 1 : 0) + (verifierKey != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("give one of --jwks, --kms-key and --verifier-key");
        }
        if (verifierKey != null) {
            return Optional.of(fromVerifierKey());
        }
        String name = keyName == null ? CheckpointKey.DEFAULT_NAME : keyName;
        if (jwks != null) {
            return Optional.of(new CheckpointKey(name, fromJwks()));
        }
        if (kmsKey != null) {
            VerificationKey k = new KmsKeyResolver(Set.of(kmsKey), AuditClients::kms).resolve(kmsKey)
                    .orElseThrow(() -> new IllegalArgumentException("KMS key " + kmsKey + " has no usable public key"));
            return Optional.of(new CheckpointKey(name, k.publicKey()));
        }
        if (keyName != null) {
            throw new IllegalArgumentException("--key-name needs --jwks or --kms-key");
        }
        return Optional.empty();
    }

    private CheckpointKey fromVerifierKey() {
        if (keyName != null) {
            throw new IllegalArgumentException("--verifier-key carries the key name: drop --key-name");
        }
        String text;
        try {
            text = BoundedFiles.readUtf8(verifierKey, MAX_KEY_FILE_BYTES);
        } catch (BoundedFiles.TooLargeException e) {
            throw new IllegalArgumentException("verifier key " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read verifier key " + verifierKey + ": " + e.getClass().getSimpleName());
        }
        try {
            return CheckpointKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(verifierKey + ": " + e.getMessage());
        }
    }

    private PublicKey fromJwks() {
        JWKSet set;
        try {
            set = JWKSet.parse(BoundedFiles.readUtf8(jwks, MAX_KEY_FILE_BYTES));
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("cannot read JWKS " + jwks + ": " + e.getMessage());
        }
        List<JWK> candidates = set.getKeys().stream()
                .filter(k -> k instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()))
                .filter(k -> kid == null || kid.equals(k.getKeyID()))
                .toList();
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(jwks + " holds " + candidates.size() + " matching EC P-256 keys; name one with --kid");
        }
        try {
            return candidates.get(0).toECKey().toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable key in " + jwks + ": " + e.getMessage());
        }
    }
}
