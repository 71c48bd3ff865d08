package dev.writ.testsupport;

import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Our fixture of a third-party OIDC issuer (Cognito-shaped tokens): an RSA key, and its JWKS served
 * over real HTTP by the JDK's server on 127.0.0.1, for the authorizer's tests and the end-to-end
 * modules (localstack-tests, lambda-runtime-tests).
 */
public final class TestIdp implements AutoCloseable, AfterAllCallback {
    /** {@code client_id} of the tokens: the authorizer's {@code WRIT_AUTHORIZER_IDP_AUDIENCE}. */
    public static final String CLIENT_ID = "payments-web";

    private final RSAKey key;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile JWKSet published;

    /** A new issuer with a fresh RSA key, its JWKS served on a free loopback port until {@link #close}. */
    public TestIdp() {
        this(generate("idp-key-1"));
    }

    public TestIdp(RSAKey key) {
        this.key = key;
        this.published = new JWKSet(key.toPublicJWK());
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer URL (Cognito style: the JWKS is at issuer + /.well-known/jwks.json). */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URL jwksUrl() {
        try {
            return URI.create(issuer() + "/.well-known/jwks.json").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public JWKSet publicJwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /** Publish another key set (key rotation). */
    public void publish(JWKSet jwks) {
        this.published = jwks;
    }

    public int fetches() {
        return fetches.get();
    }

    /** A Cognito-style access token for {@code sub} in {@code groups}, with MFA, valid for the next hour. */
    public String token(String sub, List<String> groups) {
        return token(sub, groups, Instant.now());
    }

    /** A Cognito-style access token for {@code sub} in {@code groups}, with MFA, valid for an hour from {@code now}. */
    public String token(String sub, List<String> groups, Instant now) {
        return token(sub, groups, now, b -> { });
    }

    public String token(String sub, List<String> groups, Instant now, Consumer<JWTClaimsSet.Builder> edit) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(sub)
                .claim("client_id", CLIENT_ID)
                .claim("token_use", "access")
                .claim("cognito:groups", groups)
                .claim("amr", List.of("pwd", "mfa"))
                .claim("scope", "payments/read payments/write")
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plusSeconds(3600)));
        edit.accept(claims);
        return sign(key, claims.build());
    }

    public static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, claims.toString());
    }

    /** This issuer's signature over claims given as JSON text: for claims a claims builder cannot write. */
    public String signPayload(String claimsJson) {
        return sign(key, claimsJson);
    }

    private static String sign(RSAKey key, String claimsJson) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), new Payload(claimsJson));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As a JUnit extension ({@code @RegisterExtension static final TestIdp idp = new TestIdp();}): stops after the class. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
