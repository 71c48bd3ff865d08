package dev.writ.lineagefn.witness;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.tlog.AddCheckpointRequest;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.tlog.NoteVerifier;
import dev.writ.audit.witness.DynamoDbWitnessState;
import dev.writ.audit.witness.Witness;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.core.internal.AwsClients;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.utils.Lazy;

/**
 * A C2SP tlog-witness (lineage-audit's {@link Witness}) behind a Lambda function URL with
 * {@code AuthType: AWS_IAM} (payload 2.0), deployed in an account of its own
 * (sam-templates/witness.yaml): Lambda admits only SigV4 requests by the principals its resource
 * policy names, the checkpoint signer's account. {@code POST .../add-checkpoint} answers as
 * tlog-witness says (200 with the cosignature line, 4xx with the refusal); anything it cannot
 * answer now (its state table unreadable) is 503, never a stack trace.
 * Handler: {@code dev.writ.lineagefn.witness.WitnessFunction}. Configuration:
 * <ul>
 * <li>{@code WRIT_WITNESS_TABLE}: its state table (partition key {@code origin});
 * <li>{@code WRIT_WITNESS_VERIFIER_KEY}: its cosigner verifier key (type 0x04), published to verifiers;
 * <li>{@code WRIT_WITNESS_PRIVATE_KEY}: the Ed25519 private key (PKCS#8 DER) encrypted with KMS
 *     under encryption context {@code writ-witness=<key name>}, base64; decrypted on the first
 *     request (KMS has no Ed25519 signing this code may rely on everywhere);
 * <li>{@code WRIT_WITNESS_LOGS}: the logs it follows, comma-separated {@code <origin> <checkpoint verifier key>}.
 * </ul>
 */
public class WitnessFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final Variable TABLE = Variable.of("WRIT_WITNESS_TABLE");
    public static final Variable VERIFIER_KEY = Variable.of("WRIT_WITNESS_VERIFIER_KEY");
    public static final Variable PRIVATE_KEY = Variable.of("WRIT_WITNESS_PRIVATE_KEY");
    public static final Variable LOGS = Variable.of("WRIT_WITNESS_LOGS");
    /** The encryption context the private key's ciphertext is bound to: {@code writ-witness=<key name>}. */
    public static final String CONTEXT_KEY = "writ-witness";

    private final Lazy<Witness> witness;

    /** For Lambda: configured from the environment, SDK clients with the default chains. */
    public WitnessFunction() {
        this(Environment.system(), AwsClients.lazy(http -> DynamoDbClient.builder().httpClient(http).build()), AwsClients.lazyKms());
    }

    /** For tests and embedding. */
    public WitnessFunction(Environment env, Supplier<DynamoDbClient> dynamo, Supplier<KmsClient> kms) {
        this.witness = new Lazy<>(() -> witness(env, dynamo, kms));
    }

    private static Witness witness(Environment env, Supplier<DynamoDbClient> dynamo, Supplier<KmsClient> kms) {
        CosignerKey key;
        try {
            key = CosignerKey.parse(env.required(VERIFIER_KEY));
        } catch (RuntimeException e) {
            throw new ConfigurationException(VERIFIER_KEY.name(), "is not a cosigner verifier key (type 0x04): " + e.getMessage());
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(env.required(PRIVATE_KEY));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PRIVATE_KEY.name(), "is not base64");
        }
        byte[] pkcs8 = kms.get().decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                .encryptionContext(Map.of(CONTEXT_KEY, key.keyName()))).plaintext().asByteArray();
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(PRIVATE_KEY.name(), "does not decrypt to an Ed25519 PKCS#8 private key");
        }
        CosignatureSigner signer;
        try {
            signer = new CosignatureSigner(key.keyName(), new KeyPair(key.publicKey(), privateKey));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PRIVATE_KEY.name(), "is not the private key of " + VERIFIER_KEY.name());
        }
        return new Witness(signer, logs(env.required(LOGS)), new DynamoDbWitnessState(env.required(TABLE), dynamo), Clock.systemUTC());
    }

    /** {@code <origin> <checkpoint verifier key>}, comma-separated. */
    static Map<String, NoteVerifier> logs(String value) {
        Map<String, NoteVerifier> logs = new HashMap<>();
        for (String entry : value.split(",")) {
            String[] parts = entry.strip().split(" +");
            if (parts.length != 2) {
                throw new ConfigurationException(LOGS.name(), "an entry is '<origin> <checkpoint verifier key>': " + entry.strip());
            }
            try {
                if (logs.put(parts[0], CheckpointKey.parse(parts[1])) != null) {
                    throw new ConfigurationException(LOGS.name(), "names origin " + parts[0] + " twice");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(LOGS.name(), "entry " + parts[0] + ": " + e.getMessage());
            }
        }
        return logs;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        if (http == null || !"POST".equals(http.getMethod())) {
            return text(405, "POST add-checkpoint\n");
        }
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if (!path.endsWith("/add-checkpoint")) {
            return text(404, "not found\n");
        }
        byte[] body;
        try {
            String raw = event.getBody() == null ? "" : event.getBody();
            body = event.getIsBase64Encoded() ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text(400, "the body is not base64\n");
        }
        if (body.length > AddCheckpointRequest.MAX_BYTES) {
            return text(400, "a request body is at most " + AddCheckpointRequest.MAX_BYTES + " bytes\n");
        }
        Witness.Answer answer;
        try {
            answer = witness.getValue().addCheckpoint(body);
        } catch (SdkException e) {
            System.out.println(Json.createObjectBuilder().add("level", "ERROR").add("error", "WITNESS_STATE_UNAVAILABLE")
                    .add("detail", String.valueOf(e.getMessage())).build());
            return text(503, "the witness's state cannot be read now\n");
        }
        answer.refusal().ifPresent(r -> System.out.println(Json.createObjectBuilder().add("level", "WARN")
                .add("refused", r.name()).add("status", answer.status()).add("detail", answer.body().strip()).build()));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status())
                .withHeaders(Map.of("content-type", answer.contentType(), "cache-control", "no-store"))
                .withBody(answer.body()).build();
    }

    private static APIGatewayV2HTTPResponse text(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "text/plain; charset=utf-8", "cache-control", "no-store"))
                .withBody(body).build();
    }
}
