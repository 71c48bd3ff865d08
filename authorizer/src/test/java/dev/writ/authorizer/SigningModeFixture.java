package dev.writ.authorizer;


import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.TestIdp;
import dev.writ.authorizer.sign.DelegatedWritSigner;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.jose.Signer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * One authorizer per signing mode for the benchmarks: {@code local}, {@code kms} or
 * {@code kms-delegated} (both on a KMS key of the emulator, over loopback HTTP), deciding a viewer's
 * {@code GET /payments/{paymentId}} on the sample bundle (ALLOW), with every KMS request counted.
 * The caller presents the same token every time, as a client does for its token's lifetime, so its
 * signature is checked once and then found among the verified tokens, unless the fixture is made
 * with that cache off.
 */
final class SigningModeFixture implements AutoCloseable {

    static final List<String> MODES = List.of("local", "kms-delegated", "kms");

    final String mode;
    final String label;
    final Authorizer authorizer;
    final APIGatewayV2CustomAuthorizerEvent event;
    final AtomicLong kmsCalls = new AtomicLong();
    private final TestIdp idp;

    SigningModeFixture(String mode) {
        this(mode, true);
    }

    SigningModeFixture(String mode, boolean tokenCache) {
        this.mode = mode;
        this.label = tokenCache ? mode : mode + ", token cache off";
        idp = new TestIdp();
        // A viewer's read: no business-hours rule, so the wall clock can drive the run.
        Clock clock = Clock.systemUTC();
        Signer signer = switch (mode) {
            case "local" -> TestWorld.writSigner();
            case "kms" -> KmsSigner.create(countingKms(), newKey());
            case "kms-delegated" -> DelegatedWritSigner.create(KmsSigner.create(countingKms(), newKey()),
                    TestWorld.ISSUER, Duration.ofMinutes(15), Duration.ofMinutes(6), clock);
            default -> throw new IllegalArgumentException(mode);
        };
        kmsCalls.set(0);
        authorizer = TestWorld.authorizer(idp, clock, new ByteArrayOutputStream())
                .signer(() -> signer)
                .authenticator(CallerAuthenticator.remote(idp.jwksUrl(), new CallerAuthenticator.Settings(
                        idp.issuer(), TestIdp.CLIENT_ID, "access", null, clock,
                        tokenCache ? CallerAuthenticator.DEFAULT_TOKEN_CACHE : 0)))
                .log(new PrintStream(OutputStream.nullOutputStream()))
                .build();
        event = ((RecordedEvent.Http) TestWorld.event("http-request",
                idp.token("vera", List.of("viewer"), Instant.now()), e -> { })).event();
        if (!decide().isAllowed()) {
            throw new IllegalStateException("the benchmark request must be allowed in mode " + label);
        }
    }

    Decision decide() {
        return authorizer.decide(event);
    }

    private KmsClient countingKms() {
        // The function's client settings (UrlConnectionHttpClient, endpoint from the environment), plus a counter.
        return KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        kmsCalls.incrementAndGet();
                    }
                })).build();
    }

    private static String newKey() {
        Emulators.require("KMS");
        return AwsClients.lazyKms().get().createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
    }

    @Override
    public void close() {
        idp.close();
    }
}
