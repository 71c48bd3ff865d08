package dev.writ.core.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.internal.EcdsaSignatures;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one signature-verification path of Writ: every writ and delegation signature goes through
 * {@link #verify}, and so do the Wycheproof vectors in the tests. Nimbus does the cryptography
 * (it rejects ECDSA signatures with r or s out of range, CVE-2022-21449); which algorithm applies
 * was settled by the key before this is called. An ES256 signature must also be in its low-s
 * form ({@link EcdsaSignatures}), so that nobody without the key can re-spell a signed token.
 */
final class SignatureCheck {

    /**
     * The header handed to Nimbus per algorithm, carrying only alg: WritVerifier has already checked
     * the real header (typ, crit, forbidden members), and Nimbus would report a crit problem as a
     * bad signature. Immutable, so made once.
     */
    private static final Map<SigningAlgorithm, JWSHeader> NIMBUS_HEADERS = nimbusHeaders();

    private SignatureCheck() {
    }

    private static Map<SigningAlgorithm, JWSHeader> nimbusHeaders() {
        Map<SigningAlgorithm, JWSHeader> headers = new EnumMap<>(SigningAlgorithm.class);
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            headers.put(algorithm, new JWSHeader(JWSAlgorithm.parse(algorithm.name())));
        }
        return headers;
    }

    /**
     * Why the token's signature is refused under {@code key}, or empty when it is valid for its
     * signing input: {@link #HIGH_S} or {@link #DOES_NOT_VERIFY}. Nimbus takes the signature as
     * base64url: the token's own part is handed over, not re-encoded.
     */
    static Optional<String> refusal(SigningAlgorithm algorithm, PublicKey key, Jws jws) {
        return refusal(algorithm, key, jws.signingInputBytes(), jws.signatureBytes(), new Base64URL(jws.signaturePart()),
                CryptoProvider.current());
    }

    /**
     * True only when {@code signature} (JWS form) is valid for {@code signingInput} under {@code key},
     * on the given JCA provider ({@code null}: the JDK's); the Wycheproof tests run both.
     */
    static boolean verify(SigningAlgorithm algorithm, PublicKey key, byte[] signingInput, byte[] signature,
                          Provider provider) {
        return refusal(algorithm, key, signingInput, signature, Base64URL.encode(signature), provider).isEmpty();
    }

    /** The one place the low-s rule and the signature are checked, whichever entry point asked. */
    private static Optional<String> refusal(SigningAlgorithm algorithm, PublicKey key, byte[] signingInput,
                                            byte[] signature, Base64URL encoded, Provider provider) {
        if (!isCanonical(algorithm, signature)) {
            return Optional.of(HIGH_S);
        }
        try {
            JWSVerifier verifier = verifier(algorithm, key);
            verifier.getJCAContext().setProvider(provider);
            return verifier.verify(NIMBUS_HEADERS.get(algorithm), signingInput, encoded)
                    ? Optional.empty() : Optional.of(DOES_NOT_VERIFY);
        } catch (JOSEException | RuntimeException e) {
            // A provider's surprise about a hostile signature (wrong length, bad DER) is a rejection.
            return Optional.of(DOES_NOT_VERIFY);
        }
    }

    /** False for an ES256 signature in its high-s form, the one a verifier must refuse; true otherwise. */
    static boolean isCanonical(SigningAlgorithm algorithm, byte[] signature) {
        return algorithm != SigningAlgorithm.ES256 || signature.length != 64 || EcdsaSignatures.isLowS(signature);
    }

    /** The denial detail for a signature {@link #isCanonical} refuses. */
    static final String HIGH_S = "ES256 signature is not in its low-s form (s > n/2): the malleable twin of a signature";
    /** The denial detail for a signature that is not valid for the signing input under the key. */
    static final String DOES_NOT_VERIFY = "signature does not verify";

    private static JWSVerifier verifier(SigningAlgorithm algorithm, PublicKey key) throws JOSEException {
        if (algorithm == SigningAlgorithm.ES256) {
            return new ECDSAVerifier((ECPublicKey) key);
        }
        return new RSASSAVerifier((RSAPublicKey) key);
    }
}
