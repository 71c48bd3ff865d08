package dev.writ.guard.sign;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.writ.guard.crypto.CryptoProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * Signs with a software key from a private JWK file: for {@code writ dev}, demos and tests only.
 * Refused inside AWS Lambda unless {@value #ALLOW_IN_LAMBDA} is {@code true}, so a dev key
 * cannot quietly end up signing production writs.
 */
public final class LocalWritSigner implements WritSigner {

    /** Environment variable that allows a local signer inside Lambda (demos only). */
    public static final String ALLOW_IN_LAMBDA = "WRIT_ALLOW_LOCAL_SIGNER";

    private final JWK key;
    private final SigningAlgorithm algorithm;
    /** What Nimbus's signer reads of a header: the algorithm. */
    private final JWSHeader header;
    private final JWSSigner signer;
    /** The same key on the accelerated provider, made once that provider is ready. */
    private volatile JWSSigner accelerated;

    private LocalWritSigner(JWK key, SigningAlgorithm algorithm) throws JOSEException {
        this.key = key;
        this.algorithm = algorithm;
        this.header = new JWSHeader(JWSAlgorithm.parse(algorithm.name()));
        this.signer = nimbusSigner(key);
    }

    private static JWSSigner nimbusSigner(JWK key) throws JOSEException {
        return key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
    }

    /** Loads a private JWK file as written by {@code writ keys new}. */
    public static LocalWritSigner fromJwkFile(Path privateJwk) {
        return fromJwkFile(privateJwk, System.getenv());
    }

    static LocalWritSigner fromJwkFile(Path privateJwk, Map<String, String> env) {
        try {
            return fromJwk(JWK.parse(Files.readString(privateJwk)), env);
        } catch (IOException | ParseException e) {
            throw new SigningException("cannot read private JWK " + privateJwk + ": " + e.getMessage(), e);
        }
    }

    /** A signer over an in-memory private JWK (EC P-256, or RSA of at least 2048 bits). */
    public static LocalWritSigner fromJwk(JWK jwk) {
        return fromJwk(jwk, System.getenv());
    }

    static LocalWritSigner fromJwk(JWK jwk, Map<String, String> env) {
        if (env.get("AWS_LAMBDA_FUNCTION_NAME") != null && !"true".equals(env.get(ALLOW_IN_LAMBDA))) {
            throw new SigningException("local signing keys are refused inside AWS Lambda; use kms or kms-delegated"
                    + " (set " + ALLOW_IN_LAMBDA + "=true only for demos)");
        }
        if (jwk.getKeyID() == null || !jwk.isPrivate()) {
            throw new SigningException("a local signing key must be a private JWK with a kid");
        }
        try {
            if (jwk instanceof ECKey) {
                return new LocalWritSigner(jwk, SigningAlgorithm.ES256);
            }
            if (jwk instanceof RSAKey) {
                SigningAlgorithm alg = jwk.getAlgorithm() == null ? SigningAlgorithm.PS256
                        : SigningAlgorithm.fromJwsName(jwk.getAlgorithm().getName())
                                .filter(SigningAlgorithm::isRsa)
                                .orElseThrow(() -> new SigningException("unsupported RSA alg " + jwk.getAlgorithm()));
                return new LocalWritSigner(jwk, alg);
            }
        } catch (JOSEException e) {
            throw new SigningException("unusable signing key " + jwk.getKeyID() + ": " + e.getMessage(), e);
        }
        throw new SigningException("unsupported key type " + jwk.getKeyType());
    }

    @Override
    public String keyId() {
        return key.getKeyID();
    }

    @Override
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        try {
            // The JDK's decoder: Nimbus's decodes in constant time, needless for a signature.
            return Base64.getUrlDecoder().decode(signer().sign(header, signingInput).toString());
        } catch (JOSEException e) {
            throw new SigningException("local signing failed: " + e.getMessage(), e);
        }
    }

    private JWSSigner signer() throws JOSEException {
        Provider provider = CryptoProvider.current();
        if (provider == null) {
            return signer;
        }
        JWSSigner fast = accelerated;
        if (fast == null) {
            fast = acceleratedSigner(key, provider);
            accelerated = fast;
        }
        return fast;
    }

    private static JWSSigner acceleratedSigner(JWK key, Provider provider) throws JOSEException {
        JWSSigner fast = key instanceof ECKey ec
                ? new ECDSASigner(CryptoProvider.onProvider(ec.toECPrivateKey(), ECPrivateKey.class, provider))
                : new RSASSASigner(CryptoProvider.onProvider(((RSAKey) key).toPrivateKey(), PrivateKey.class, provider));
        fast.getJCAContext().setProvider(provider);
        // Without one, Nimbus makes a SecureRandom per signature. The JDK's default reads the OS
        // on every call, so one instance stays unique across SnapStart restores.
        fast.getJCAContext().setSecureRandom(new SecureRandom());
        return fast;
    }
}
