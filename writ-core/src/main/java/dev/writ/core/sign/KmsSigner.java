package dev.writ.core.sign;

import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.SigningException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.writ.core.internal.EcdsaSignatures;
import dev.writ.core.internal.Sha256;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Signs every writ with AWS KMS {@code Sign}: ECDSA_SHA_256 on an ECC_NIST_P256 key (the
 * default), RSASSA_PSS_SHA_256 (or PKCS#1 v1.5) on an RSA key. The private key never leaves KMS.
 * KMS returns DER for ECDSA; it is transcoded to the JWS R||S form.
 */
public final class KmsSigner implements Signer {

    /** KMS accepts at most this many bytes as a RAW message; longer input is hashed and sent as DIGEST. */
    static final int MAX_RAW_MESSAGE = 4096;

    private final KmsClient kms;
    private final String keyArn;
    private final SigningAlgorithm algorithm;

    KmsSigner(KmsClient kms, String keyArn, SigningAlgorithm algorithm) {
        this.kms = kms;
        this.keyArn = keyArn;
        this.algorithm = algorithm;
    }

    /**
     * A signer for {@code keyId} (ARN, id or alias). {@code DescribeKey} resolves the key ARN used
     * as {@code kid} (verifiers allow-list ARNs), and {@code GetPublicKey} picks the algorithm from
     * the key: ES256 for P-256, PS256 for RSA. Both run once, when the signer is made.
     *
     * @throws SigningException when the key cannot be read or is not a supported signing key
     */
    public static KmsSigner create(KmsClient kms, String keyId) {
        return create(kms, keyId, null);
    }

    /** As {@link #create(KmsClient, String)}, choosing RS256 or PS256 for an RSA key. */
    public static KmsSigner create(KmsClient kms, String keyId, SigningAlgorithm rsaAlgorithm) {
        String keyArn;
        GetPublicKeyResponse key;
        try {
            keyArn = kms.describeKey(r -> r.keyId(keyId)).keyMetadata().arn();
            key = kms.getPublicKey(r -> r.keyId(keyArn));
        } catch (RuntimeException e) {
            throw new SigningException("DescribeKey/GetPublicKey failed for " + keyId + ": " + e.getClass().getSimpleName(), e);
        }
        SigningAlgorithm algorithm;
        if (key.signingAlgorithms().contains(SigningAlgorithmSpec.ECDSA_SHA_256)) {
            algorithm = SigningAlgorithm.ES256;
        } else if (key.signingAlgorithms().contains(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)) {
            algorithm = rsaAlgorithm == null ? SigningAlgorithm.PS256 : rsaAlgorithm;
        } else {
            throw new SigningException("KMS key " + keyId + " supports none of ES256, PS256, RS256");
        }
        return new KmsSigner(kms, keyArn, algorithm);
    }

    @Override
    public String keyId() {
        return keyArn;
    }

    @Override
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        byte[] signature;
        try {
            signature = kms.sign(signRequest(signingInput)).signature().asByteArray();
        } catch (RuntimeException e) {
            throw new SigningException("KMS Sign failed for " + keyArn + ": " + e.getClass().getSimpleName(), e);
        }
        if (algorithm != SigningAlgorithm.ES256) {
            return signature;
        }
        try {
            return EcdsaSignatures.lowS(
                    ECDSA.transcodeSignatureToConcat(signature, ECDSA.getSignatureByteArrayLength(JWSAlgorithm.ES256)));
        } catch (JOSEException e) {
            throw new SigningException("KMS returned an unreadable ECDSA signature", e);
        }
    }

    SignRequest signRequest(byte[] signingInput) {
        boolean raw = signingInput.length <= MAX_RAW_MESSAGE;
        return SignRequest.builder()
                .keyId(keyArn)
                .signingAlgorithm(kmsAlgorithm())
                .messageType(raw ? MessageType.RAW : MessageType.DIGEST)
                .message(SdkBytes.fromByteArray(raw ? signingInput : Sha256.digest(signingInput)))
                .build();
    }

    private SigningAlgorithmSpec kmsAlgorithm() {
        switch (algorithm) {
            case ES256:
                return SigningAlgorithmSpec.ECDSA_SHA_256;
            case PS256:
                return SigningAlgorithmSpec.RSASSA_PSS_SHA_256;
            default:
                return SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256;
        }
    }
}
