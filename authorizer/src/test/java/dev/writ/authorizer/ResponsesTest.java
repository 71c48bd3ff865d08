package dev.writ.authorizer;

import dev.writ.testsupport.TestIdp;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The responses as the Lambda runtime serializes them: what API Gateway parses. */
class ResponsesTest {
    @RegisterExtension
    static final TestIdp idp = new TestIdp();
    private static Authorizer authorizer;

    @BeforeAll
    static void start() {
        authorizer = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10), new ByteArrayOutputStream()).build();
    }

    private static <T> Map<String, Object> serialized(Class<T> declared, T response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(declared, ResponsesTest.class.getClassLoader()).toJson(response, out);
        return Json.parseObject(out.toByteArray());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statement(Map<String, Object> json) {
        List<Object> statements = (List<Object>) ((Map<String, Object>) json.get("policyDocument")).get("Statement");
        assertThat(statements).hasSize(1);
        return (Map<String, Object>) statements.get(0);
    }

    private static String token(List<String> groups) {
        return idp.token("vera", groups, TestWorld.MONDAY_10);
    }

    @Test
    void restAllowNamesExactlyThisMethodArnCarriesTheWritAndNoNullCondition() {
        RecordedEvent.Rest event = (RecordedEvent.Rest) TestWorld.event("rest-request", token(List.of("viewer")), e -> { });
        Decision o = authorizer.decide(event.event());
        Map<String, Object> json = serialized(IamPolicyResponseV1.class, authorizer.restResponse(event.event(), o));
        assertThat(json.get("principalId")).isEqualTo("vera");
        Map<String, Object> statement = statement(json);
        assertThat(statement).doesNotContainKey("Condition");
        assertThat(statement.get("Effect")).isEqualTo("Allow");
        assertThat(statement.get("Action")).isEqualTo("execute-api:Invoke");
        assertThat(statement.get("Resource")).isEqualTo(List.of(event.event().getMethodArn()));
        assertThat(TestWorld.map(json, "context").get("writ")).isEqualTo(o.token().orElseThrow());
    }

    @Test
    void restDenyCarriesTheReasonAndNoWrit() {
        RecordedEvent.Rest event = (RecordedEvent.Rest) TestWorld.event("rest-request", token(List.of()), e -> { });
        Decision o = authorizer.decide(event.event());
        Map<String, Object> json = serialized(IamPolicyResponseV1.class, authorizer.restResponse(event.event(), o));
        assertThat(statement(json).get("Effect")).isEqualTo("Deny");
        assertThat(statement(json)).doesNotContainKey("Condition");
        assertThat(TestWorld.map(json, "context")).containsEntry("reason", "POLICY_DENY").doesNotContainKey("writ");
    }

    @Test
    void httpSimpleResponseCarriesTheWritInItsContext() {
        RecordedEvent.Http event = (RecordedEvent.Http) TestWorld.event("http-request", token(List.of("viewer")), e -> { });
        Decision o = authorizer.decide(event.event());
        Map<String, Object> json = serialized(SimpleIAMPolicyResponse.class, authorizer.httpSimpleResponse(o));
        assertThat(json.get("isAuthorized")).isEqualTo(true);
        assertThat(TestWorld.map(json, "context").get("writ")).isEqualTo(o.token().orElseThrow());
        Decision denied = authorizer.decide(((RecordedEvent.Http) TestWorld.event("http-request", token(List.of()), e -> { })).event());
        Map<String, Object> deniedJson = serialized(SimpleIAMPolicyResponse.class, authorizer.httpSimpleResponse(denied));
        assertThat(deniedJson.get("isAuthorized")).isEqualTo(false);
        assertThat(TestWorld.map(deniedJson, "context")).doesNotContainKey("writ");
    }

    @Test
    void httpIamResponseNamesTheRouteArnWithoutNullCondition() {
        RecordedEvent.Http event = (RecordedEvent.Http) TestWorld.event("http-request", token(List.of("viewer")), e -> { });
        Decision o = authorizer.decide(event.event());
        Map<String, Object> json = serialized(IamPolicyResponse.class, authorizer.httpIamResponse(event.event(), o));
        assertThat(statement(json)).doesNotContainKey("Condition");
        assertThat(statement(json).get("Resource")).isEqualTo(List.of(event.event().getRouteArn()));
        assertThat(TestWorld.map(json, "context").get("writ")).isEqualTo(o.token().orElseThrow());
    }
}
