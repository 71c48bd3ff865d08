package dev.writ.authorizer.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.event.RestAuthorizerEvent;
import dev.writ.core.json.Json;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.writ.QueryHash;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.testsupport.TestContext;
import dev.writ.testsupport.TestIdp;
import dev.writ.testsupport.TestJwks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Micronaut handlers start their context and inject the authorizer. In this JVM no
 * {@code WRIT_*} variable is set, so the authorizer is misconfigured: every handler must deny, and
 * none may throw (an exception other than {@code Unauthorized} would be a 500). The REST handler
 * with the sample bundle's authorizer put in its place decides a REQUEST event as API Gateway sends
 * it, read into the handler's event type as the Lambda runtime reads it.
 */
class RestAuthorizerFunctionTest {
    @RegisterExtension
    static final TestIdp idp = new TestIdp();
    /** A Monday, 10:00 UTC: inside the sample's business hours. */
    private static final Instant MONDAY_10 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void restHandlerDeniesWhenMisconfigured() {
        RestAuthorizerEvent event = tokenEvent();
        try (RestAuthorizerFunction fn = new RestAuthorizerFunction()) {
            IamPolicyResponseV1 response = fn.execute(event);
            @SuppressWarnings("unchecked")
            Map<String, Object> statement = (Map<String, Object>) ((Object[]) response.getPolicyDocument().get("Statement"))[0];
            assertThat(statement.get("Effect")).isEqualTo("Deny");
            assertThat(response.getContext()).containsEntry("reason", "MISCONFIGURED");
        }
    }

    @Test
    void invocationsRegisterNoBeansOfTheirLambdaContext() {
        // Micronaut's default registered the Context, its logger, client context and identity as
        // singletons on every invocation: the largest Java share of a warm authorizer request.
        RestAuthorizerEvent event = tokenEvent();
        try (RestAuthorizerFunction fn = new RestAuthorizerFunction()) {
            for (int i = 0; i < 2; i++) {
                IamPolicyResponseV1 response = fn.handleRequest(event, new TestContext("writ-authorizer"));
                assertThat(response.getContext()).containsEntry("reason", "MISCONFIGURED");
            }
            assertThat(fn.getApplicationContext().findBean(Context.class)).isEmpty();
            assertThat(fn.getApplicationContext().findBean(LambdaLogger.class)).isEmpty();
        }
    }

    @Test
    void httpHandlersDenyWhenMisconfigured() {
        APIGatewayV2CustomAuthorizerEvent event = APIGatewayV2CustomAuthorizerEvent.builder().withVersion("2.0")
                .withType("REQUEST").withRouteArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/payments")
                .withHeaders(Map.of("authorization", "Bearer x")).withIdentitySource(List.of("Bearer x")).build();
        try (HttpSimpleAuthorizerFunction fn = new HttpSimpleAuthorizerFunction()) {
            assertThat(fn.execute(event).getIsAuthorized()).isFalse();
        }
        try (HttpIamAuthorizerFunction fn = new HttpIamAuthorizerFunction()) {
            assertThat(fn.execute(event).getContext()).containsEntry("reason", "MISCONFIGURED");
        }
    }

    @Test
    void aRequestEventAsApiGatewaySendsItIsDecidedOnEveryValueOfARepeatedHeader() {
        // X-Payment-Amount: 99999999 and 100; headers keeps only the last.
        try (RestAuthorizerFunction fn = new RestAuthorizerFunction()) {
            fn.authorizer = sampleAuthorizer();
            IamPolicyResponseV1 response = fn.handleRequest(requestEvent(e -> { }), new TestContext("writ-authorizer"));
            assertThat(effect(response)).isEqualTo("Deny");
            assertThat(response.getContext()).containsEntry("reason", "BAD_REQUEST");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRequestEventAsApiGatewaySendsItBindsEveryValueOfARepeatedQueryParameter() {
        try (RestAuthorizerFunction fn = new RestAuthorizerFunction()) {
            fn.authorizer = sampleAuthorizer();
            RestAuthorizerEvent event = requestEvent(e -> {
                ((Map<String, Object>) e.get("headers")).put("X-Payment-Amount", "100");
                ((Map<String, Object>) e.get("multiValueHeaders")).put("X-Payment-Amount", List.of("100"));
            });
            IamPolicyResponseV1 response = fn.handleRequest(event, new TestContext("writ-authorizer"));
            assertThat(effect(response)).as("%s", response.getContext()).isEqualTo("Allow");
            String writ = (String) response.getContext().get("writ");
            Map<String, Object> claims = Json.parseObject(new String(
                    Base64.getUrlDecoder().decode(writ.split("\\.")[1]), StandardCharsets.UTF_8));
            // The guard hashes the backend's multiValueQueryStringParameters: both values of note.
            assertThat(((Map<?, ?>) claims.get("req")).get("q"))
                    .isEqualTo(QueryHash.ofMultiValue(Map.of("note", List.of("a", "b"))));
        }
    }

    /** The sample bundle's authorizer, with the test IdP and a local writ key, at {@link #MONDAY_10}. */
    private static Authorizer sampleAuthorizer() {
        Clock clock = Clock.fixed(MONDAY_10, ZoneOffset.UTC);
        try {
            return Authorizer.builder()
                    .bundle(PolicyBundle.compile(BundleSource.fromDirectory(Path.of("..", "policy-bundles", "payments-api")))
                            .bundle().orElseThrow())
                    .authenticator(CallerAuthenticator.remote(idp.jwksUrl(), new CallerAuthenticator.Settings(
                            idp.issuer(), TestIdp.CLIENT_ID, "access", null, clock)))
                    .signer(() -> LocalSigner.fromJwk(TestJwks.es256().toJSONString()))
                    .issuer("https://authz.payments.example")
                    .clock(clock)
                    .log(new PrintStream(OutputStream.nullOutputStream()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A clerk's {@code POST /payments?note=a&note=b} REST REQUEST event, as API Gateway sends it
     * ({@code events/rest-request-repeated.json}, {@code edit} applied), read as the Lambda runtime
     * reads it: into the handler's declared event type.
     */
    private static RestAuthorizerEvent requestEvent(Consumer<Map<String, Object>> edit) {
        String token = idp.token("carl", List.of("clerk"), MONDAY_10);
        Map<String, Object> tree = Json.parseObject(resource("/events/rest-request-repeated.json").replace("${TOKEN}", token));
        edit.accept(tree);
        Class<?> declared = (Class<?>) ((ParameterizedType) RestAuthorizerFunction.class.getGenericSuperclass())
                .getActualTypeArguments()[0];
        Object event = LambdaEventSerializers.serializerFor(declared, RestAuthorizerFunctionTest.class.getClassLoader())
                .fromJson(Json.write(tree));
        return (RestAuthorizerEvent) event;
    }

    private static String resource(String name) {
        try (InputStream in = RestAuthorizerFunctionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String effect(IamPolicyResponseV1 response) {
        return (String) ((Map<String, Object>) ((Object[]) response.getPolicyDocument().get("Statement"))[0]).get("Effect");
    }

    private static RestAuthorizerEvent tokenEvent() {
        RestAuthorizerEvent event = new RestAuthorizerEvent();
        event.setType("TOKEN");
        event.setAuthorizationToken("Bearer x");
        event.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/payments");
        return event;
    }
}
