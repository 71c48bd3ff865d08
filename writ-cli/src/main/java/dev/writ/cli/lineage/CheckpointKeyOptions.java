package dev.writ.cli.lineage;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.guard.keys.KmsKeyResolver;
import dev.writ.guard.keys.VerificationKey;
import dev.writ.guard.lineage.CheckpointKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where the checkpoint public key comes from: a JWKS file or a KMS key. */
final class CheckpointKeyOptions {
    @Option(names = "--jwks", paramLabel = "FILE", description = "JWKS holding the checkpoint public key (EC P-256).")
    Path jwks;

    @Option(names = "--kid", paramLabel = "KID", description = "Which key of the JWKS (default: its only EC P-256 key).")
    String kid;

    @Option(names = "--kms-key", paramLabel = "ARN", description = "KMS key that signs checkpoints (public key via GetPublicKey).")
    String kmsKey;

    @Option(names = "--key-name", defaultValue = CheckpointKey.DEFAULT_NAME, paramLabel = "NAME",
            description = "Signed-note key name of the checkpoint signer (default ${DEFAULT-VALUE}).")
    String keyName;

    /** The key, or empty when none was given; throws IllegalArgumentException with a user-facing message. */
    Optional<CheckpointKey> key() {
        if (jwks != null && kmsKey != null) {
            throw new IllegalArgumentException("give --jwks or --kms-key, not both");
        }
        if (jwks != null) {
            return Optional.of(new CheckpointKey(keyName, fromJwks()));
        }
        if (kmsKey != null) {
            VerificationKey k = new KmsKeyResolver(Set.of(kmsKey), AuditClients::kms).resolve(kmsKey)
                    .orElseThrow(() -> new IllegalArgumentException("KMS key " + kmsKey + " has no usable public key"));
            return Optional.of(new CheckpointKey(keyName, k.publicKey()));
        }
        return Optional.empty();
    }

    private PublicKey fromJwks() {
        JWKSet set;
        try {
            set = JWKSet.load(jwks.toFile());
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
