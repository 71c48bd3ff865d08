package dev.writ.cli.dev;

import dev.writ.core.config.Environment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** The embedded stack signing writs (and the bundle) with a KMS key on the KMS emulator. */
class DevStackKmsIT {

    @Test
    void signsWithTheKmsKeyWhenOneIsConfigured() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL_KMS");
        assertThat(endpoint).as("AWS_ENDPOINT_URL_KMS must point at the KMS emulator: run through scripts/test").isNotBlank();
        String arn;
        try (KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            arn = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
        }
        try (DevStack stack = DevStack.start(null, 1, Environment.of(Map.of("WRIT_AUTHORIZER_KMS_KEY_ID", arn, "AWS_ENDPOINT_URL_KMS", endpoint)))) {
            assertThat(stack.signing()).isEqualTo("KMS key " + arn);
            String vera = "Bearer " + stack.idp().token(SampleIdp.user("vera"), Duration.ofMinutes(5));
            Gateway.Request get = Gateway.Request.of("GET", "/payments/p-7", Map.of("Authorization", vera));
            String writ = stack.gateway().writFor(get).orElseThrow();
            Map<String, Object> header = Json.parseObject(Base64.getUrlDecoder().decode(writ.split("\\.")[0]));
            assertThat(header).containsEntry("kid", arn).containsEntry("alg", "ES256");
            Gateway.Response r = stack.gateway().handle(get);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.code()).isEqualTo("ALLOWED");
        }
    }
}
