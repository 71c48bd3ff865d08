package dev.writ.authorizer.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import dev.writ.core.crypto.CryptoProvider;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * Nimbus's verifiers, run on the accelerated provider once it is loaded (the JDK's until then):
 * the caller's RS256 check on JDK 17's big-integer RSA was a sixth of a warm decision. RSA
 * signatures are checked by {@link RsaSignatureVerifier}, which decodes them without Nimbus's
 * constant-time decoder.
 */
final class AcceleratedVerifierFactory implements JWSVerifierFactory {
    private final DefaultJWSVerifierFactory defaults = new DefaultJWSVerifierFactory();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
        JWSVerifier verifier = RsaSignatureVerifier.SUPPORTED_ALGORITHMS.contains(header.getAlgorithm())
                && key instanceof RSAPublicKey rsa ? new RsaSignatureVerifier(rsa) : defaults.createJWSVerifier(header, key);
        verifier.getJCAContext().setProvider(CryptoProvider.current());
        return verifier;
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return defaults.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
        return defaults.getJCAContext();
    }
}
