package dev.writ.policy.file;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys a bundle file may be signed with. Keys come only from here, never from the file.
 */
public final class BundleTrust {
    private final PublicKey single;
    private final Map<String, PublicKey> byKid;

    private BundleTrust(PublicKey single, Map<String, PublicKey> byKid) {
        this.single = single;
        this.byKid = Map.copyOf(byKid);
    }

    /** Trust exactly one key, whatever {@code kid} the file names. */
    public static BundleTrust key(PublicKey key) {
        return new BundleTrust(java.util.Objects.requireNonNull(key, "key"), Map.of());
    }

    /** Trust the public keys of a JWKS document, selected by {@code kid}; private members are ignored. */
    public static BundleTrust jwks(String jwksJson) {
        Map<String, PublicKey> keys = new HashMap<>();
        try {
            for (JWK jwk : JWKSet.parse(jwksJson).getKeys()) {
                if (jwk.getKeyID() == null) {
                    throw new IllegalArgumentException("every trusted JWK needs a kid");
                }
                if (!(jwk instanceof AsymmetricJWK asym)) {
                    throw new IllegalArgumentException("JWK " + jwk.getKeyID() + " is not an EC or RSA key");
                }
                keys.put(jwk.getKeyID(), asym.toPublicKey());
            }
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("not a JWKS: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the JWKS holds no keys");
        }
        return new BundleTrust(null, keys);
    }

    /** Trust the public keys of a JWKS file. */
    public static BundleTrust jwksFile(Path file) throws IOException {
        return jwks(Files.readString(file, StandardCharsets.UTF_8));
    }

    Optional<PublicKey> keyFor(String kid) {
        if (single != null) {
            return Optional.of(single);
        }
        return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
    }
}
