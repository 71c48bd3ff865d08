package dev.writ.core.sign;

import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.SigningException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.internal.EcdsaSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.text.ParseException;
import java.util.Map;

/**
 * Signs with a software key from a private JWK file: for {@code writ dev}, demos and tests only.
 * Refused inside AWS Lambda unless {@value #ALLOW_IN_LAMBDA} is {@code true}, so a dev key
 * cannot quietly end up signing production writs.
 */
public final class LocalSigner implements Signer {

    /** Environment variable that allows a local signer inside Lambda (demos only). */
    public static final String ALLOW_IN_LAMBDA = "WRIT_ALLOW_LOCAL_SIGNER";

    private final JWK key;
    private final SigningAlgorithm algorithm;
    private final PrivateKey privateKey;
    /** The JDK's default reads the OS on every call, so one instance stays unique across SnapStart restores. */
    private final SecureRandom random = new SecureRandom();
    /** The same key on the accelerated provider, made once that provider is ready. */
    private volatile PrivateKey acceleratedKey;
    /**
     * Each thread's {@link Signature}, initialised for this key on the provider of the moment: a
     * Signature is not thread-safe, and making and initialising one per writ cost as much as the
     * writ's JSON. After {@code sign()} it is ready for the next input.
     */
    @SuppressWarnings("ThreadLocalUsage") // per signer on purpose: each thread's Signature holds this signer's key
    private final ThreadLocal<Signing> signings = new ThreadLocal<>();

    private record Signing(Provider provider, Signature signature) {
    }

    private LocalSigner(JWK key, SigningAlgorithm algorithm, PrivateKey privateKey) {
        this.key = key;
        this.algorithm = algorithm;
        this.privateKey = privateKey;
    }

    /** Loads a private JWK file as written by {@code writ keys new}. */
    public static LocalSigner fromJwkFile(Path privateJwk) {
        return fromJwkFile(privateJwk, System.getenv());
    }

    static LocalSigner fromJwkFile(Path privateJwk, Map<String, String> env) {
        try {
            return fromJwk(JWK.parse(Files.readString(privateJwk)), env);
        } catch (IOException | ParseException e) {
            throw new SigningException("cannot read private JWK " + privateJwk + ": " + e.getMessage(), e);
        }
    }

    /** A signer over a private JWK given as JSON (EC P-256, or RSA of at least 2048 bits). */
    public static LocalSigner fromJwk(String privateJwk) {
        try {
            return fromJwk(JWK.parse(privateJwk), System.getenv());
        } catch (ParseException e) {
            throw new SigningException("not a private JWK: " + e.getMessage(), e);
        }
    }

    /**
     * A signer on a key for {@code algorithm} (P-256, or RSA 2048) made now and never written
     * anywhere, for a key whose public half another key certifies (the authorizer's
     * {@code kms-delegated} mode); allowed inside Lambda.
     */
    public static LocalSigner ephemeral(SigningAlgorithm algorithm) {
        try {
            return fromJwk(JWK.parse(LocalKeys.generate(algorithm).privateJwk()), Map.of());
        } catch (ParseException e) {
            throw new IllegalStateException("a key just made could not be read back", e);
        }
    }

    /** The public half of this signer's key, as a JWK in JSON. */
    public String publicJwk() {
        return key.toPublicJWK().toJSONString();
    }

    static LocalSigner fromJwk(JWK jwk, Map<String, String> env) {
        Environment environment = Environment.of(env);
        boolean inLambda = environment.platform("AWS_LAMBDA_FUNCTION_NAME").isPresent();
        if (inLambda && !environment.string(Variable.of(ALLOW_IN_LAMBDA)).orElse("").equals("true")) {
            throw new SigningException("local signing keys are refused inside AWS Lambda; use kms or kms-delegated"
                    + " (set " + ALLOW_IN_LAMBDA + "=true only for demos)");
        }
        if (jwk.getKeyID() == null || !jwk.isPrivate()) {
            throw new SigningException("a local signing key must be a private JWK with a kid");
        }
        try {
            if (jwk instanceof ECKey ec) {
                if (!Curve.P_256.equals(ec.getCurve())) {
                    throw new SigningException("an EC signing key must be on P-256 (ES256), not " + ec.getCurve());
                }
                return new LocalSigner(jwk, SigningAlgorithm.ES256, ec.toECPrivateKey());
            }
            if (jwk instanceof RSAKey rsa) {
                SigningAlgorithm alg = jwk.getAlgorithm() == null ? SigningAlgorithm.PS256
                        : SigningAlgorithm.fromJwsName(jwk.getAlgorithm().getName())
                                .filter(SigningAlgorithm::isRsa)
                                .orElseThrow(() -> new SigningException("unsupported RSA alg " + jwk.getAlgorithm()));
                if (rsa.size() < 2048) {
                    throw new SigningException("an RSA signing key must have at least 2048 bits, not " + rsa.size());
                }
                return new LocalSigner(jwk, alg, rsa.toPrivateKey());
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
        return signOn(CryptoProvider.current(), signingInput);
    }

    /** Signs on this provider (null: the JDK's providers). */
    byte[] signOn(Provider provider, byte[] signingInput) {
        try {
            Signature signature = signature(provider);
            signature.update(signingInput);
            byte[] signed = signature.sign();
            return algorithm == SigningAlgorithm.ES256 ? EcdsaSignatures.lowS(signed) : signed;
        } catch (GeneralSecurityException e) {
            throw new SigningException("local signing failed: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("ReferenceEquality") // the provider instance in use; Provider.equals compares its properties
    private Signature signature(Provider provider) throws GeneralSecurityException {
        Signing signing = signings.get();
        if (signing == null || signing.provider() != provider) {
            signing = new Signing(provider, newSignature(provider));
            signings.set(signing);
        }
        return signing.signature();
    }

    private Signature newSignature(Provider provider) throws GeneralSecurityException {
        // JWS signature formats: ECDSA as R || S (IEEE P1363), PSS with a 32-byte salt (RFC 7518).
        String name = switch (algorithm) {
            case ES256 -> "SHA256withECDSAinP1363Format";
            case PS256 -> "RSASSA-PSS";
            case RS256 -> "SHA256withRSA";
        };
        Signature signature = provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
        if (algorithm == SigningAlgorithm.PS256) {
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        signature.initSign(provider == null ? privateKey : acceleratedKey(provider), random);
        return signature;
    }

    private PrivateKey acceleratedKey(Provider provider) {
        PrivateKey fast = acceleratedKey;
        if (fast == null) {
            fast = CryptoProvider.onProvider(privateKey, PrivateKey.class, provider);
            acceleratedKey = fast;
        }
        return fast;
    }
}
