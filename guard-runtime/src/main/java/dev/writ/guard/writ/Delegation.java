package dev.writ.guard.writ;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.json.JsonException;
import dev.writ.core.json.JsonMembers;
import dev.writ.core.keys.VerificationKey;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The payload of a {@code kms-delegated} delegation, a compact JWS of type {@value #TYPE}: a KMS
 * key certifies an ephemeral public key (RSA for PS256, or P-256 for ES256) for a short time,
 * and writs signed by that key carry the delegation in their {@code dlg} header, listed in
 * {@code crit}.
 *
 * @param issuer    the authorizer the ephemeral key signs for (must equal the writs' {@code iss})
 * @param issuedAt  epoch seconds
 * @param expiresAt epoch seconds
 * @param publicJwk the ephemeral public key as a JWK (JSON object), with its {@code kid}
 */
public record Delegation(String issuer, long issuedAt, long expiresAt, Map<String, Object> publicJwk) {

    /** The explicit type of a delegation JWS. */
    public static final String TYPE = "writ-dlg+jwt";
    /** The writ header member that carries a delegation. */
    public static final String HEADER = "dlg";

    public Delegation {
        Objects.requireNonNull(issuer, "issuer");
        publicJwk = Map.copyOf(publicJwk);
    }

    /** The payload as a JSON object: {@code iss}, {@code iat}, {@code exp}, {@code jwk}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("iss", issuer);
        json.put("iat", issuedAt);
        json.put("exp", expiresAt);
        json.put("jwk", publicJwk);
        return json;
    }

    /**
     * Reads a delegation payload.
     *
     * @throws MalformedWritException naming what is missing or wrong
     */
    static Delegation fromJson(Map<String, Object> json) {
        try {
            JsonMembers c = new JsonMembers(json, "delegation ");
            Object jwk = json.get("jwk");
            if (!(jwk instanceof Map)) {
                throw new MalformedWritException("delegation has no jwk object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwkJson = (Map<String, Object>) jwk;
            return new Delegation(c.requiredString("iss"), c.requiredInteger("iat"), c.requiredInteger("exp"), jwkJson);
        } catch (JsonException e) {
            throw new MalformedWritException(e.getMessage());
        }
    }

    /**
     * The delegated key, with a {@code kid}: a public P-256 key, allowed to verify ES256 only, or
     * a public RSA key of at least 2048 bits, allowed to verify PS256 only.
     *
     * @throws MalformedWritException when the JWK is not such a key
     */
    VerificationKey key() {
        try {
            JWK jwk = JWK.parse(publicJwk);
            if (jwk.isPrivate() || jwk.getKeyID() == null) {
                throw new MalformedWritException("delegated key must be a public JWK with a kid");
            }
            if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                return VerificationKey.of(jwk.getKeyID(), ec.toECPublicKey(), EnumSet.of(SigningAlgorithm.ES256));
            }
            if (jwk instanceof RSAKey rsa) {
                return VerificationKey.of(jwk.getKeyID(), rsa.toRSAPublicKey(), EnumSet.of(SigningAlgorithm.PS256));
            }
            throw new MalformedWritException("delegated key must be a P-256 or RSA public key");
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            throw new MalformedWritException("delegated key is not a valid P-256 or RSA (at least 2048 bits) key");
        }
    }
}
