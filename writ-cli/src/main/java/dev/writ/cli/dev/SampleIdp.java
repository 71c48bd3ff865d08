package dev.writ.cli.dev;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;

/**
 * A stand-in for the OIDC identity provider (Cognito-shaped access tokens): a local ES256 key that
 * issues bearer tokens for the sample users. The authorizer trusts only its public JWKS.
 */
public final class SampleIdp {
    /** {@code iss} of the sample tokens. */
    public static final String ISSUER = "https://idp.writ.local";
    /** {@code client_id} of the sample tokens. */
    public static final String CLIENT_ID = "payments-web";

    /** A sample user: subject, IdP groups (the bundle's roles), and whether they signed in with MFA. */
    public record User(String subject, List<String> groups, boolean mfa) {
        public String role() {
            return groups.isEmpty() ? "-" : groups.get(0);
        }
    }

    /** One user per role of the payments-api bundle. */
    public static final List<User> USERS = List.of(
            new User("vera", List.of("viewer"), true),
            new User("carl", List.of("clerk"), true),
            new User("ada", List.of("approver"), true),
            new User("root", List.of("admin"), true),
            new User("sam", List.of("suspended"), true));

    private final ECKey key;

    SampleIdp() {
        this.key = generate("idp-1");
    }

    static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWKS the authorizer trusts. */
    public JWKSet publicJwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /** The sample user with this subject. */
    public static User user(String subject) {
        return USERS.stream().filter(u -> u.subject().equals(subject)).findFirst().orElseThrow();
    }

    /** A bearer token for {@code user}, valid for {@code lifetime}. */
    public String token(User user, Duration lifetime) {
        return sign(key, user, lifetime);
    }

    /** A token for {@code user} as another key would sign it: what a stolen or made-up token looks like. */
    public static String tokenFromAnotherKey(User user) {
        return sign(generate("idp-1"), user, Duration.ofHours(1));
    }

    private static String sign(ECKey key, User user, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user.subject())
                .claim("client_id", CLIENT_ID)
                .claim("token_use", "access")
                .claim("cognito:groups", user.groups())
                .claim("amr", user.mfa() ? List.of("pwd", "mfa") : List.of("pwd"))
                .claim("scope", "payments/read payments/write")
                .issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
