package dev.writ.lineagefn.witness;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.witness.DynamoDbWitnessState;
import dev.writ.core.config.Environment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A {@link WitnessFunction} following one log, served on loopback HTTP as a Lambda function URL
 * with {@code AuthType: AWS_IAM} serves it: a request without a SigV4 signature is 403 before
 * the function runs. Its own state table, its Ed25519 key encrypted with a fresh KMS key.
 */
public final class LoopbackWitness implements AutoCloseable {
    private final CosignerKey key;
    private final HttpServer server;
    private final AtomicInteger unsigned = new AtomicInteger();

    public LoopbackWitness(String name, String origin, CheckpointKey logKey, DynamoDbClient ddb, KmsClient kms) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        key = new CosignatureSigner(name, pair).key();
        String dataKey = kms.createKey(b -> b.description("witness key encryption")).keyMetadata().arn();
        byte[] ciphertext = kms.encrypt(b -> b.keyId(dataKey).plaintext(SdkBytes.fromByteArray(pair.getPrivate().getEncoded()))
                .encryptionContext(Map.of(WitnessFunction.CONTEXT_KEY, key.keyName()))).ciphertextBlob().asByteArray();
        String table = "writ-witness-it-" + UUID.randomUUID();
        DynamoDbWitnessState.createTable(ddb, table);
        WitnessFunction witness = new WitnessFunction(Environment.of(Map.of(
                WitnessFunction.TABLE.name(), table,
                WitnessFunction.VERIFIER_KEY.name(), key.verifierKey(),
                WitnessFunction.PRIVATE_KEY.name(), Base64.getEncoder().encodeToString(ciphertext),
                WitnessFunction.LOGS.name(), origin + " " + logKey.verifierKey())), () -> ddb, () -> kms);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", http -> serve(http, witness));
        server.start();
    }

    public CosignerKey key() {
        return key;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** An entry of {@code WRIT_CHECKPOINT_WITNESSES} for this witness. */
    public String entry() {
        return key.verifierKey() + " " + url();
    }

    /** Requests refused for want of a SigV4 signature. */
    public int unsigned() {
        return unsigned.get();
    }

    private void serve(HttpExchange http, WitnessFunction witness) throws IOException {
        try (http) {
            String authorization = http.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            String type = "text/plain";
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                unsigned.incrementAndGet();
                status = 403;
                body = "{\"Message\":\"Forbidden\"}";
            } else {
                APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                        .withRawPath(http.getRequestURI().getPath())
                        .withBody(new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        .withIsBase64Encoded(false)
                        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(http.getRequestMethod()).build())
                                .build())
                        .build();
                APIGatewayV2HTTPResponse response = witness.handleRequest(event, null);
                status = response.getStatusCode();
                body = response.getBody();
                type = response.getHeaders().get("content-type");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().add("Content-Type", type);
            http.sendResponseHeaders(status, bytes.length);
            http.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
