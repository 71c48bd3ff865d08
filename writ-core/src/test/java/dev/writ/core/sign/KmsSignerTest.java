package dev.writ.core.sign;

import dev.writ.core.jose.SigningAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/** How KmsSigner phrases its Sign requests (the KMS round trip itself is in KmsSigningIT). */
class KmsSignerTest {

    private final KmsSigner es256 = new KmsSigner(null, "arn:aws:kms:eu-west-1:1:key/k", SigningAlgorithm.ES256);

    @Test
    void sendsShortInputRaw() {
        byte[] input = new byte[KmsSigner.MAX_RAW_MESSAGE];
        SignRequest request = es256.signRequest(input);
        assertThat(request.messageType()).isEqualTo(MessageType.RAW);
        assertThat(request.message().asByteArray()).isEqualTo(input);
        assertThat(request.signingAlgorithm()).isEqualTo(SigningAlgorithmSpec.ECDSA_SHA_256);
        assertThat(request.keyId()).isEqualTo("arn:aws:kms:eu-west-1:1:key/k");
    }

    @Test
    void hashesInputOverTheKmsLimitAndSendsADigest() throws Exception {
        byte[] input = new byte[KmsSigner.MAX_RAW_MESSAGE + 1];
        SignRequest request = es256.signRequest(input);
        assertThat(request.messageType()).isEqualTo(MessageType.DIGEST);
        assertThat(request.message().asByteArray()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(input));
    }

    @Test
    void mapsRsaAlgorithms() {
        assertThat(new KmsSigner(null, "k", SigningAlgorithm.PS256).signRequest(new byte[1]).signingAlgorithm())
                .isEqualTo(SigningAlgorithmSpec.RSASSA_PSS_SHA_256);
        assertThat(new KmsSigner(null, "k", SigningAlgorithm.RS256).signRequest(new byte[1]).signingAlgorithm())
                .isEqualTo(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256);
    }
}
