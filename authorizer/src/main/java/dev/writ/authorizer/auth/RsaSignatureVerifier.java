package dev.writ.authorizer.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.crypto.impl.RSASSA;
import com.nimbusds.jose.crypto.impl.RSASSAProvider;
import com.nimbusds.jose.util.Base64URL;
import java.security.InvalidKeyException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * Nimbus's {@code RSASSAVerifier} with the signature decoded by the JDK's Base64 decoder. Nimbus
 * decodes in constant time, which keeps secrets from leaking through timing; a signature is
 * public, and the constant-time decode of a 2048-bit one took about as long as the rest of the
 * token's parsing. A signature that is not base64url fails verification.
 */
final class RsaSignatureVerifier extends RSASSAProvider implements JWSVerifier {
    private final CriticalHeaderParamsDeferral critical = new CriticalHeaderParamsDeferral();
    private final RSAPublicKey key;

    RsaSignatureVerifier(RSAPublicKey key) {
        this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!critical.headerPasses(header)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(signature.toString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        Signature verifier = RSASSA.getSignerAndVerifier(header.getAlgorithm(), getJCAContext().getProvider());
        try {
            verifier.initVerify(key);
        } catch (InvalidKeyException e) {
            throw new JOSEException("Invalid public RSA key: " + e.getMessage(), e);
        }
        try {
            verifier.update(signingInput);
            return verifier.verify(decoded);
        } catch (SignatureException e) {
            return false;
        }
    }
}
