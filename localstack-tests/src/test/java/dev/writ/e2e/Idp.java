package dev.writ.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The callers' identity provider (Cognito-shaped access tokens): an ES256 key whose JWKS the
 * JDK's HTTP server publishes on 127.0.0.1, so the authorizer fetches it over HTTP exactly as it
 * fetches Cognito's. Not an AWS service (the brief's "no fake AWS service" does not apply).
 */
final class Idp implements AutoCloseable {
    static final String CLIENT_ID = "payments-web";

    private final ECKey key;
    private final HttpServer server;

    Idp() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("e2e-idp").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
    }

    /** The issuer URL; the JWKS is at issuer + {@code /.well-known/jwks.json}, as with Cognito. */
    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** An access token for {@code subject} in {@code groups}, signed in with MFA, valid for an hour. */
    String token(String subject, List<String> groups) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(subject)
                .claim("client_id", CLIENT_ID)
                .claim("token_use", "access")
                .claim("cognito:groups", groups)
                .claim("amr", List.of("pwd", "mfa"))
                .issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(3600)))
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

    @Override
    public void close() {
        server.stop(0);
    }
}
