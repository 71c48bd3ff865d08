package dev.writ.guard.writ;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The payload of a {@code kms-delegated} delegation: a KMS key certifies an ephemeral P-256
 * public key for a short time, and writs signed by that ephemeral key carry the delegation in
 * their {@code dlg} header.
 *
 * @param issuer    the authorizer the ephemeral key signs for (must equal the writs' {@code iss})
 * @param issuedAt  epoch seconds
 * @param expiresAt epoch seconds
 * @param publicKey the ephemeral public key, with its {@code kid}
 */
public record Delegation(String issuer, long issuedAt, long expiresAt, ECKey publicKey) {

    /** The explicit type of a delegation JWS. */
    public static final String TYPE = "writ-dlg+jwt";

    public Delegation {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.isPrivate() || publicKey.getKeyID() == null || !Curve.P_256.equals(publicKey.getCurve())) {
            throw new MalformedWritException("delegated key must be a public P-256 JWK with a kid");
        }
    }

    /** The payload as a JSON object. */
    public Map<String, Object> toClaims() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("iss", issuer);
        json.put("iat", issuedAt);
        json.put("exp", expiresAt);
        json.put("jwk", publicKey.toJSONObject());
        return json;
    }

    /**
     * Reads a delegation payload.
     *
     * @throws MalformedWritException naming what is missing or wrong
     */
    public static Delegation fromClaims(Map<String, Object> json) {
        Claims c = new Claims(json, "delegation ");
        Object jwk = json.get("jwk");
        if (!(jwk instanceof Map)) {
            throw new MalformedWritException("delegation has no jwk object");
        }
        JWK key;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> jwkJson = (Map<String, Object>) jwk;
            key = JWK.parse(jwkJson);
        } catch (ParseException e) {
            throw new MalformedWritException("delegation jwk is not a valid JWK");
        }
        if (!(key instanceof ECKey)) {
            throw new MalformedWritException("delegated key must be an EC key");
        }
        return new Delegation(c.requiredString("iss"), c.requiredInteger("iat"), c.requiredInteger("exp"), (ECKey) key);
    }
}
