package dev.writ.core.keys;


import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.TcpRelay;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.JwsFailure;
import dev.writ.core.jose.JwsVerification;
import dev.writ.core.jose.JwsVerifier;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The failed-fetch penalty against the KMS emulator over HTTP. The resolver's client reaches the
 * emulator through a TCP relay on loopback that counts connections and can be switched off, where
 * it accepts and closes each connection as a stopped KMS endpoint would fail it. The client's SDK
 * retries are off, so one fetch is one connection.
 */
class KmsKeyResolverIT {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final String TYPE = "test+jwt";

    @Test
    void whileKmsIsDownOneConnectionPerPeriodThenTheKeyOnceItIsBack() throws Exception {
        Emulators.require("KMS");
        KmsClient emulator = AwsClients.lazyKms().get();
        String keyArn = emulator.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().arn();
        String token = CompactJws.sign(Map.of("typ", TYPE), Map.of("sub", "user-42"), KmsSigner.create(emulator, keyArn));

        try (TcpRelay kms = new TcpRelay(URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL_KMS",
                System.getenv("AWS_ENDPOINT_URL"))));
             KmsClient throughRelay = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                     .endpointOverride(kms.endpoint())
                     .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            kms.set(TcpRelay.State.DOWN);
            JwsVerifier verifier = JwsVerifier.of(TYPE, Set.of(),
                    new KmsKeyResolver(Set.of(keyArn), () -> throughRelay, RETRY_AFTER));

            JwsVerification first = verifier.verify(token);
            assertThat(first.failure()).contains(JwsFailure.UNKNOWN_KEY);
            assertThat(first.detail()).isEqualTo("GetPublicKey failed for " + keyArn + ": SdkClientException");
            long firstFailed = System.nanoTime();
            for (int i = 0; i < 25; i++) {
                JwsVerification again = verifier.verify(token);
                assertThat(again.failure()).contains(JwsFailure.UNKNOWN_KEY);
                assertThat(again.detail()).isEqualTo(first.detail());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - firstFailed)).as("the 25 fell within the period")
                    .isLessThan(RETRY_AFTER);
            assertThat(kms.connections()).isEqualTo(1);

            sleepPast(RETRY_AFTER);
            assertThat(verifier.verify(token).detail()).isEqualTo(first.detail());
            assertThat(kms.connections()).as("one more attempt after the period").isEqualTo(2);

            kms.set(TcpRelay.State.UP);
            assertThat(verifier.verify(token).detail())
                    .as("KMS is back, but the new period is not over").isEqualTo(first.detail());
            assertThat(kms.connections()).isEqualTo(2);

            sleepPast(RETRY_AFTER);
            for (int i = 0; i < 5; i++) {
                JwsVerification allowed = verifier.verify(token);
                assertThat(allowed.isVerified()).as(allowed.toString()).isTrue();
            }
            assertThat(kms.connections()).as("fetched once, then cached").isEqualTo(3);
        }
    }

    private static void sleepPast(Duration period) throws InterruptedException {
        Thread.sleep(period.toMillis() + 200);
    }
}
