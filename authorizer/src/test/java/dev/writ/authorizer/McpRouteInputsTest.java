package dev.writ.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.testsupport.TestIdp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /mcp}'s optional inputs ({@code Mcp-Method}, {@code Mcp-Name}) with the sample
 * bundle: decided on when the request has them, bound into the writ exactly as sent, left out of
 * both when it has not; MCP's {@code =?base64?...?=} form decided on decoded.
 */
class McpRouteInputsTest {
    @RegisterExtension
    static final TestIdp idp = new TestIdp();
    private static final Authorizer SAMPLE = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10),
            new ByteArrayOutputStream()).build();
    private static final String METHOD = BoundInputs.header("Mcp-Method");
    private static final String NAME = BoundInputs.header("Mcp-Name");

    private static String clerk() {
        return idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10);
    }

    private static Decision post(String token, Map<String, String> headers) {
        return post(SAMPLE, token, headers);
    }

    /** {@code authorizer}'s decision on a REST REQUEST authorizer event for {@code POST /mcp} with these headers. */
    private static Decision post(Authorizer authorizer, String token, Map<String, String> headers) {
        RecordedEvent event = TestWorld.event("rest-request", token, e -> {
            e.put("httpMethod", "POST");
            e.put("path", "/mcp");
            e.put("resource", "/mcp");
            e.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/POST/mcp");
            e.put("pathParameters", null);
            e.put("queryStringParameters", null);
            TestWorld.map(e, "headers").putAll(headers);
        });
        return TestWorld.decide(authorizer, event);
    }

    private static Map<String, String> read(String uri) {
        return Map.of("Mcp-Method", "resources/read", "Mcp-Name", uri);
    }

    private static String base64(String value) {
        return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static Map<String, String> in(Decision decision) {
        return decision.writ().orElseThrow().inputs().digests();
    }

    @Test
    void aRequestWithoutTheHeadersIsDecidedAndItsWritBindsNeither() {
        Decision olderClient = post(clerk(), Map.of());
        assertThat(olderClient.reason()).isEqualTo(ReasonCode.ALLOWED);
        assertThat(in(olderClient)).doesNotContainKeys(METHOD, NAME);

        Decision list = post(clerk(), Map.of("Mcp-Method", "tools/list"));
        assertThat(list.reason()).isEqualTo(ReasonCode.ALLOWED);
        assertThat(in(list)).containsEntry(METHOD, BoundInputs.digest("tools/list")).doesNotContainKey(NAME);
    }

    @Test
    void aResourceReadIsDecidedOnItsUriAndBindsBothHeadersAsSent() {
        Decision own = post(clerk(), read("payments://limits/clerk"));
        assertThat(own.reason()).isEqualTo(ReasonCode.ALLOWED);
        assertThat(own.writ().orElseThrow().policy().orElseThrow().policyIds()).containsExactly("mcp-limits-clerk");
        assertThat(in(own)).containsEntry(METHOD, BoundInputs.digest("resources/read"))
                .containsEntry(NAME, BoundInputs.digest("payments://limits/clerk"));

        Decision another = post(clerk(), read("payments://limits/approver"));
        assertThat(another.reason()).isEqualTo(ReasonCode.POLICY_DENY);
        assertThat(another.writ()).isEmpty();
        // Case is kept: the server is asked for what the policy decided, byte for byte.
        assertThat(post(clerk(), read("payments://limits/Clerk")).reason()).isEqualTo(ReasonCode.POLICY_DENY);
        // The header's name in any case is the header.
        assertThat(post(clerk(), Map.of("mcp-method", "resources/read", "MCP-NAME", "payments://limits/approver")).reason())
                .isEqualTo(ReasonCode.POLICY_DENY);
        // A read naming nothing is decided as such, and no policy allows it.
        assertThat(post(clerk(), Map.of("Mcp-Method", "resources/read")).reason()).isEqualTo(ReasonCode.POLICY_DENY);
    }

    @Test
    void theBase64FormIsDecidedOnDecodedAndBoundAsSent() {
        String clerkLimits = base64("payments://limits/clerk");
        Decision own = post(clerk(), Map.of("Mcp-Method", "resources/read", "Mcp-Name", clerkLimits));
        assertThat(own.reason()).isEqualTo(ReasonCode.ALLOWED);
        assertThat(in(own)).containsEntry(NAME, BoundInputs.digest(clerkLimits));
        String read = base64("resources/read");
        Decision encodedMethod = post(clerk(), Map.of("Mcp-Method", read, "Mcp-Name", "payments://limits/clerk"));
        assertThat(encodedMethod.reason()).isEqualTo(ReasonCode.ALLOWED);
        assertThat(in(encodedMethod)).containsEntry(METHOD, BoundInputs.digest(read));

        assertThat(post(clerk(), Map.of("Mcp-Method", "resources/read", "Mcp-Name", base64("payments://limits/approver"))).reason())
                .isEqualTo(ReasonCode.POLICY_DENY);
        Decision notUtf8 = post(clerk(), Map.of("Mcp-Method", "resources/read", "Mcp-Name", "=?base64?/w==?="));
        assertThat(notUtf8.reason()).isEqualTo(ReasonCode.BAD_REQUEST);
        assertThat(notUtf8.detail()).contains("header Mcp-Name is not MCP's =?base64?...?= form of a UTF-8 value");
    }

    @Test
    void aForbiddenNameSpelledInBase64IsStillForbidden() throws IOException {
        // A bundle that allows every MCP request but one resource: were the policy shown the
        // encoded header, its forbid would not match, and the guard (which decodes) would run the read.
        BundleSource sample = BundleSource.fromDirectory(TestWorld.SAMPLE);
        Map<String, byte[]> files = new HashMap<>();
        sample.paths().forEach(path -> files.put(path, sample.bytes(path).orElseThrow()));
        files.put("policies/denylist.cedar", """
                @id("any-mcp")
                permit (principal, action == Payments::Action::"UseTools", resource);
                @id("no-approver-limits")
                forbid (principal, action == Payments::Action::"UseTools", resource)
                when { context has mcpName && context.mcpName == "payments://limits/approver" };
                """.getBytes(StandardCharsets.UTF_8));
        Authorizer denylist = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10), new ByteArrayOutputStream())
                .bundle(PolicyBundle.compile(BundleSource.of(files)).bundle().orElseThrow()).build();

        for (String name : List.of("payments://limits/approver", base64("payments://limits/approver"))) {
            Decision decision = post(denylist, clerk(), Map.of("Mcp-Method", "resources/read", "Mcp-Name", name));
            assertThat(decision.reason()).as(name).isEqualTo(ReasonCode.POLICY_DENY);
            assertThat(decision.detail()).as(name).contains("no-approver-limits");
        }
    }

    @Test
    void aHeaderGivenTwiceWithDifferentValuesIsRefused() {
        // Two spellings of the name in the headers map. (A REST REQUEST event's repeated header
        // reaches the authorizer as its last value only: the typed event has no multiValueHeaders.
        // The guard, which reads them, refuses it: HEADER_MISMATCH.)
        Map<String, String> twice = new HashMap<>(Map.of("Mcp-Method", "resources/read", "Mcp-Name", "payments://limits/clerk"));
        twice.put("mcp-name", "payments://limits/approver");
        Decision refused = post(clerk(), twice);
        assertThat(refused.reason()).isEqualTo(ReasonCode.BAD_REQUEST);
        assertThat(refused.detail()).contains("header Mcp-Name is given more than once");
        // The same value twice is one value.
        twice.put("mcp-name", "payments://limits/clerk");
        assertThat(post(clerk(), twice).reason()).isEqualTo(ReasonCode.ALLOWED);
    }

    @Test
    void aPromptIsDecidedOnItsName() {
        String approver = idp.token("anna", List.of("approver"), TestWorld.MONDAY_10);
        Map<String, String> review = Map.of("Mcp-Method", "prompts/get", "Mcp-Name", "review_refund");
        Decision allowed = post(approver, review);
        assertThat(allowed.reason()).isEqualTo(ReasonCode.ALLOWED);
        assertThat(in(allowed)).containsEntry(NAME, BoundInputs.digest("review_refund"));
        assertThat(post(clerk(), review).reason()).isEqualTo(ReasonCode.POLICY_DENY);
    }
}
