package dev.writ.policy.bundle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import dev.writ.policy.TestBundles;
import org.junit.jupiter.api.Test;

class BundleManifestTest {

    private static BundleManifest payments() throws IOException {
        return BundleManifest.parse(Files.readAllBytes(TestBundles.PAYMENTS.resolve("manifest.json")));
    }

    private static BundleManifest withRoutes(String routes) throws IOException {
        return BundleManifest.parse(("{\"name\":\"t\",\"revision\":1,\"principal\":{\"type\":\"A::User\",\"groupType\":\"A::Group\"},"
                + "\"routes\":{" + routes + "}}").getBytes(UTF_8));
    }

    private static final String ROUTE = "\"GET /a\":{\"action\":\"A::Action::\\\"Read\\\"\",\"resource\":{\"type\":\"A::Doc\",\"id\":\"d\"},"
            + "\"function\":\"reader\"}";

    private static BundleManifest with(String principal, String routes, String hops) throws IOException {
        return BundleManifest.parse(("{\"name\":\"t\",\"revision\":1,\"principal\":" + principal + ",\"routes\":{" + routes + "}"
                + (hops == null ? "" : ",\"hops\":{" + hops + "}") + "}").getBytes(UTF_8));
    }

    private static final String WITH_FUNCTIONS = "{\"type\":\"A::User\",\"groupType\":\"A::Group\",\"functionType\":\"A::Function\"}";

    private static String hop(String key, String members) {
        return "\"" + key + "\":{\"action\":\"A::Action::\\\"Call\\\"\",\"resource\":{\"type\":\"A::Function\",\"id\":\"b\"},"
                + "\"function\":\"b\"" + members + "}";
    }

    @Test
    void readsTheSamplesHopsAndRouteScopes() throws IOException {
        BundleManifest m = payments();

        assertThat(m.functionType()).isEqualTo("Payments::Function");
        Hop ledger = m.hop(Hop.Kind.LAMBDA_INVOKE, "ledger-post").orElseThrow();
        assertThat(ledger.action()).isEqualTo("Payments::Action::\"InvokeLedger\"");
        assertThat(ledger.resource()).isEqualTo("Payments::Function::\"ledger-post\"");
        assertThat(ledger.function()).isEqualTo("ledger-post");
        assertThat(ledger.singleUse()).isFalse();
        assertThat(ledger.scope().orElseThrow().actions()).containsExactly("dynamodb:PutItem");
        assertThat(m.hop(Hop.Kind.SQS_SEND_MESSAGE, "payment-events").orElseThrow().function()).isEqualTo("payments-notify");
        assertThat(m.hop(Hop.Kind.SNS_PUBLISH, "payment-events")).isEmpty();
        assertThat(m.routeByKey("POST /payments").orElseThrow().scope().orElseThrow().actions())
                .containsExactly("lambda:InvokeFunction", "sqs:SendMessage");
        assertThat(m.routeByKey("GET /payments").orElseThrow().scope()).isEmpty();
    }

    @Test
    void readsAHopsSingleUseAndScope() throws IOException {
        Hop h = with(WITH_FUNCTIONS, ROUTE, hop("sqs:SendMessage jobs.fifo",
                ",\"singleUse\":true,\"scope\":{\"actions\":[\"s3:GetObject\"],\"resources\":[\"arn:aws:s3:::b/*\"]}"))
                .hop(Hop.Kind.SQS_SEND_MESSAGE, "jobs.fifo").orElseThrow();

        assertThat(h.singleUse()).isTrue();
        assertThat(h.key()).isEqualTo("sqs:SendMessage jobs.fifo");
        assertThat(h.scope().orElseThrow().resources()).containsExactly("arn:aws:s3:::b/*");
    }

    @Test
    void aHopBindsThePayloadUnlessItTakesAnyWhereACallMayCarryNoneBindable() throws IOException {
        assertThat(with(WITH_FUNCTIONS, ROUTE, hop("lambda:Invoke b", "")).hop(Hop.Kind.LAMBDA_INVOKE, "b").orElseThrow()
                .anyPayload()).as("bound by default").isFalse();
        assertThat(with(WITH_FUNCTIONS, ROUTE, hop("lambda:Invoke b", ",\"payload\":\"bound\"")).hop(Hop.Kind.LAMBDA_INVOKE, "b")
                .orElseThrow().anyPayload()).isFalse();
        assertThat(with(WITH_FUNCTIONS, ROUTE, hop("lambda:Invoke b", ",\"payload\":\"any\"")).hop(Hop.Kind.LAMBDA_INVOKE, "b")
                .orElseThrow().anyPayload()).isTrue();
        assertThat(with(WITH_FUNCTIONS, ROUTE, hop("sns:Publish t", ",\"payload\":\"any\"")).hop(Hop.Kind.SNS_PUBLISH, "t")
                .orElseThrow().anyPayload()).isTrue();

        for (String value : List.of("\"ANY\"", "\"none\"", "true", "null", "\"\"")) {
            assertThatThrownBy(() -> with(WITH_FUNCTIONS, ROUTE, hop("lambda:Invoke b", ",\"payload\":" + value)))
                    .as(value).isInstanceOf(IOException.class)
                    .hasMessage("hop \"lambda:Invoke b\": \"payload\" must be \"bound\" (the default) or \"any\"");
        }
        // A queue's body, an event's Detail and an execution's input are always there to bind.
        for (String key : List.of("sqs:SendMessage q", "events:PutEvents default", "states:StartExecution m")) {
            assertThatThrownBy(() -> with(WITH_FUNCTIONS, ROUTE, hop(key, ",\"payload\":\"any\"")))
                    .as(key).isInstanceOf(IOException.class)
                    .hasMessageContaining("hop \"" + key + "\": \"payload\": \"any\" is for lambda:Invoke and sns:Publish only");
        }
    }

    private static BundleManifest withTools(String tools) throws IOException {
        return BundleManifest.parse(("{\"name\":\"t\",\"revision\":1,\"principal\":{\"type\":\"A::User\",\"groupType\":\"A::Group\"},"
                + "\"routes\":{" + ROUTE + "},\"tools\":{" + tools + "}}").getBytes(UTF_8));
    }

    private static String tool(String name, String members) {
        return "\"" + name + "\":{\"action\":\"A::Action::\\\"" + name + "\\\"\",\"resource\":{\"type\":\"A::Server\",\"id\":\"s\"},"
                + "\"function\":\"mcp\"" + members + "}";
    }

    @Test
    void readsTheSamplesToolsAndLooksThemUpByExactName() throws IOException {
        BundleManifest m = payments();
        Tool refund = m.tool("refund_payment").orElseThrow();
        assertThat(refund.action()).isEqualTo("Payments::Action::\"refund_payment\"");
        assertThat(refund.resource()).isEqualTo("Payments::ToolServer::\"payments-mcp\"");
        assertThat(refund.function()).isEqualTo("payments-mcp");
        assertThat(m.tool("purge_payments")).isPresent();
        assertThat(m.tool("Refund_payment")).isEmpty();
        assertThat(withRoutes(ROUTE).tools()).isEmpty();
        assertThat(withTools(tool("POST /send-reminders", "")).tool("POST /send-reminders")).isPresent();
    }

    @Test
    void refusesAToolThatIsMalformed() {
        assertThatThrownBy(() -> withTools(tool("refund", ",\"scope\":{}"))).isInstanceOf(IOException.class)
                .hasMessageContaining("tool \"refund\"");
        assertThatThrownBy(() -> withTools(tool("bad name!", ""))).isInstanceOf(IOException.class)
                .hasMessageContaining("tool name");
        assertThatThrownBy(() -> withTools(tool("refund", "").replace("\"function\":\"mcp\"", "\"function\":\" \"")))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> withTools("\"refund\": []")).isInstanceOf(IOException.class);
    }

    @Test
    void isStrictAtEveryLevel() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("unknown principal member", "{\"type\":\"A::User\",\"groupType\":\"A::Group\",\"fnType\":\"A::F\"}|" + ROUTE + "|");
        bad.put("unknown route member", WITH_FUNCTIONS + "|" + ROUTE.replace("\"function\"", "\"scopes\":{},\"function\"") + "|");
        bad.put("unknown resource member", WITH_FUNCTIONS + "|" + ROUTE.replace("\"id\":\"d\"", "\"id\":\"d\",\"kind\":1") + "|");
        bad.put("unknown hop member", WITH_FUNCTIONS + "|" + ROUTE + "|" + hop("lambda:Invoke b", ",\"aud\":\"c\""));
        bad.put("unknown scope member", WITH_FUNCTIONS + "|" + ROUTE + "|"
                + hop("lambda:Invoke b", ",\"scope\":{\"actions\":[\"s3:GetObject\"],\"resources\":[\"*\"],\"effect\":\"Deny\"}"));
        bad.put("scope action not IAM style", WITH_FUNCTIONS + "|" + ROUTE + "|"
                + hop("lambda:Invoke b", ",\"scope\":{\"actions\":[\"GetObject\"],\"resources\":[\"*\"]}"));
        bad.put("empty scope", WITH_FUNCTIONS + "|" + ROUTE + "|" + hop("lambda:Invoke b", ",\"scope\":{\"actions\":[],\"resources\":[\"*\"]}"));
        bad.put("unknown hop kind", WITH_FUNCTIONS + "|" + ROUTE + "|" + hop("lambda:InvokeAsync b", ""));
        bad.put("hop key without target", WITH_FUNCTIONS + "|" + ROUTE + "|" + hop("lambda:Invoke", ""));
        bad.put("singleUse not a boolean", WITH_FUNCTIONS + "|" + ROUTE + "|" + hop("lambda:Invoke b", ",\"singleUse\":\"yes\""));
        bad.put("hops without a function type", "{\"type\":\"A::User\",\"groupType\":\"A::Group\"}|" + ROUTE + "|" + hop("lambda:Invoke b", ""));
        for (Map.Entry<String, String> c : bad.entrySet()) {
            String[] parts = c.getValue().split("\\|", -1);
            assertThatThrownBy(() -> with(parts[0], parts[1], parts[2].isEmpty() ? null : parts[2]))
                    .as(c.getKey()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void mapsAConcreteRequestToActionResourceAndFunction() throws IOException {
        RouteMatch m = payments().match("POST", "/payments/p-42/approve").orElseThrow();

        assertThat(m.action()).isEqualTo("Payments::Action::\"ApprovePayment\"");
        assertThat(m.resourceType()).isEqualTo("Payments::Payment");
        assertThat(m.resourceId()).isEqualTo("p-42");
        assertThat(m.function()).isEqualTo("payments-approve");
        assertThat(m.pathParameters()).isEqualTo(Map.of("paymentId", "p-42"));
        assertThat(m.route().contextInputs().get("amount"))
                .isEqualTo(new Route.ContextInput(Route.ContextInput.Source.HEADER, "X-Payment-Amount", Route.ContextInput.Type.LONG, false));
    }

    @Test
    void findsARouteByTheKeyHttpApisSend() throws IOException {
        assertThat(payments().routeByKey("GET /payments/{paymentId}").orElseThrow().function()).isEqualTo("payments-read");
        assertThat(payments().routeByKey("DELETE /payments/{paymentId}")).isEmpty();
        assertThat(payments().routeByKey("GET /payments").orElseThrow().pathTemplate()).isEqualTo("/payments");
        for (String nearMiss : List.of("GET-/payments", "GET  /payments", "GET /payment", "GET /payments/", "get /payments",
                "GETX/payments", "/payments", "GET")) {
            assertThat(payments().routeByKey(nearMiss)).as(nearMiss).isEmpty();
        }
        assertThat(payments().routeByKey("POST /payments/{paymentId}/refund").orElseThrow().parameterNames())
                .containsExactly("paymentId");
    }

    @Test
    void matchesTheRouteApiGatewayChoseByKeyAndPathParameters() throws IOException {
        BundleManifest m = payments();

        RouteMatch match = m.matchKey("POST /payments/{paymentId}/refund", Map.of("paymentId", "p-7")).orElseThrow();
        assertThat(match.function()).isEqualTo("payments-refund");
        assertThat(match.resourceId()).isEqualTo("p-7");
        assertThat(m.matchKey("POST /payments/{paymentId}/refund", Map.of())).isEmpty();
        assertThat(m.matchKey("POST /payments/{paymentId}/refund", Map.of("paymentId", ""))).isEmpty();
        assertThat(m.matchKey("DELETE /payments/{paymentId}", Map.of("paymentId", "p-7"))).isEmpty();
        assertThat(m.matchKey("GET /payments", null).orElseThrow().resourceId()).isEqualTo("payments");
    }

    @Test
    void readsTheRoutesContextInputsFromTheRequest() throws IOException {
        RouteMatch create = payments().match("POST", "/payments").orElseThrow();

        assertThat(create.contextValues(request(Map.of("x-payment-amount", " 1200 "), Map.of())))
                .isEqualTo(new RouteMatch.ContextValues(Map.of("amount", 1200L),
                        Map.of(create.route().contextInputs().get("amount"), " 1200 "), java.util.Optional.empty()));
        assertThat(create.contextValues(request(Map.of(), Map.of("amount", "1200"))).problem())
                .contains("missing header X-Payment-Amount");
        for (String bad : new String[] {"12.5", "1e3", "", "0x10", "99999999999999999999", "12 00"}) {
            assertThat(create.contextValues(request(Map.of("X-Payment-Amount", bad), null)).problem())
                    .as(bad).contains("header X-Payment-Amount is not a LONG");
        }
        assertThat(payments().match("GET", "/payments").orElseThrow().contextValues(RouteMatch.RequestValues.NONE).values()).isEmpty();
    }

    @Test
    void refusesAnInputTheRequestGivesTwiceWithDifferentValues() throws IOException {
        RouteMatch create = payments().match("POST", "/payments").orElseThrow();
        Map<String, String> twoSpellings = Map.of("X-Payment-Amount", "100", "x-payment-amount", "99999999");
        assertThat(create.contextValues(request(twoSpellings, null)).problem())
                .contains("header X-Payment-Amount is given more than once");
        // The same value under two spellings is one value.
        assertThat(create.contextValues(request(Map.of("X-Payment-Amount", "100", "x-payment-amount", "100"), null))
                .values()).isEqualTo(Map.of("amount", 100L));
    }

    @Test
    void anOptionalInputIsReadWhenPresentAndLeftOutWhenAbsent() throws IOException {
        RouteMatch mcp = payments().match("POST", "/mcp").orElseThrow();
        Route.ContextInput name = mcp.route().contextInputs().get("mcpName");
        assertThat(name).isEqualTo(new Route.ContextInput(Route.ContextInput.Source.HEADER, "Mcp-Name", Route.ContextInput.Type.STRING, true));

        RouteMatch.ContextValues list = mcp.contextValues(request(Map.of("mcp-method", "tools/list"), null));
        assertThat(list.problem()).isEmpty();
        assertThat(list.values()).isEqualTo(Map.of("mcpMethod", "tools/list"));
        assertThat(list.bound()).isEqualTo(Map.of(mcp.route().contextInputs().get("mcpMethod"), "tools/list"));

        RouteMatch.ContextValues none = mcp.contextValues(RouteMatch.RequestValues.NONE);
        assertThat(none.problem()).isEmpty();
        assertThat(none.values()).isEmpty();
        assertThat(none.bound()).isEmpty();

        RouteMatch.ContextValues read = mcp.contextValues(request(
                Map.of("Mcp-Method", "resources/read", "MCP-NAME", "payments://limits/Clerk"), null));
        assertThat(read.values()).as("the value's case is kept")
                .isEqualTo(Map.of("mcpMethod", "resources/read", "mcpName", "payments://limits/Clerk"));
        assertThat(read.bound()).containsEntry(name, "payments://limits/Clerk");
    }

    @Test
    void anOptionalInputGivenTwiceIsRefusedAsARequiredOneIs() throws IOException {
        RouteMatch mcp = payments().match("POST", "/mcp").orElseThrow();
        assertThat(mcp.contextValues(request(Map.of("Mcp-Name", "payments://limits/clerk", "mcp-name", "payments://limits/approver"),
                null)).problem()).contains("header Mcp-Name is given more than once");
    }

    @Test
    void anMcpHeaderIsDecidedOnDecodedAndBoundAsSent() throws IOException {
        RouteMatch mcp = payments().match("POST", "/mcp").orElseThrow();
        Route.ContextInput name = mcp.route().contextInputs().get("mcpName");
        String encoded = "=?base64?" + java.util.Base64.getEncoder().encodeToString("payments://limits/clérk".getBytes(UTF_8)) + "?=";
        RouteMatch.ContextValues read = mcp.contextValues(request(Map.of("Mcp-Name", encoded), null));
        assertThat(read.values()).isEqualTo(Map.of("mcpName", "payments://limits/clérk"));
        assertThat(read.bound()).isEqualTo(Map.of(name, encoded));
        // A method spelled in Base64 is the method: a policy that lists the methods it allows sees it.
        RouteMatch.ContextValues method = mcp.contextValues(request(Map.of("Mcp-Method", "=?base64?cmVzb3VyY2VzL3JlYWQ=?="), null));
        assertThat(method.values()).isEqualTo(Map.of("mcpMethod", "resources/read"));
        // Neither trimmed: the guard compares the value as sent with the body.
        assertThat(mcp.contextValues(request(Map.of("Mcp-Name", " payments://limits/clerk "), null)).values())
                .isEqualTo(Map.of("mcpName", " payments://limits/clerk "));
        for (String bad : new String[] {"=?base64?%%%?=", "=?base64?" + java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xc3}) + "?="}) {
            assertThat(mcp.contextValues(request(Map.of("Mcp-Name", bad), null)).problem()).as(bad)
                    .contains("header Mcp-Name is not MCP's =?base64?...?= form of a UTF-8 value");
        }
        // Too short to hold the form, and another header: the value as it is.
        assertThat(mcp.contextValues(request(Map.of("Mcp-Name", "=?base64?="), null)).values())
                .isEqualTo(Map.of("mcpName", "=?base64?="));
    }

    @Test
    void anInputOtherThanAnMcpHeaderIsNotDecoded() throws IOException {
        RouteMatch m = withRoutes("\"GET /a\":{\"action\":\"A::Action::\\\"Read\\\"\",\"resource\":{\"type\":\"A::Doc\",\"id\":\"d\"},"
                + "\"function\":\"reader\",\"context\":{\"tag\":{\"from\":\"header\",\"name\":\"X-Tag\",\"type\":\"String\"}}}")
                .match("GET", "/a").orElseThrow();
        assertThat(m.contextValues(request(Map.of("X-Tag", "=?base64?YQ==?="), null)).values()).isEqualTo(Map.of("tag", "=?base64?YQ==?="));
    }

    @Test
    void refusesAnOptionalPathParameterOrAnOptionalThatIsNotABoolean() {
        String route = "\"GET /a/{id}\":{\"action\":\"A::Action::\\\"Read\\\"\",\"resource\":{\"type\":\"A::Doc\",\"id\":\"{id}\"},"
                + "\"function\":\"reader\",\"context\":{\"id\":{\"from\":\"path\",\"name\":\"id\",\"type\":\"String\",\"optional\":%s}}}";
        assertThatThrownBy(() -> withRoutes(route.formatted("true"))).isInstanceOf(IOException.class)
                .hasMessage("route \"GET /a/{id}\" context \"id\": a path parameter is in every request of its route, so it cannot be optional");
        assertThatThrownBy(() -> withRoutes(route.formatted("\"yes\""))).isInstanceOf(IOException.class)
                .hasMessage("route \"GET /a/{id}\" context \"id\": \"optional\" must be true or false");
        org.assertj.core.api.Assertions.assertThatCode(() -> withRoutes(route.formatted("false"))).doesNotThrowAnyException();
    }

    @Test
    void comparesMethodsExactlyAsHttpDoes() throws IOException {
        assertThat(payments().match("POST", "/payments")).isPresent();
        assertThat(payments().match("post", "/payments")).isEmpty();
        assertThat(payments().match("Get", "/payments/p-1")).isEmpty();
    }

    /** A request's values as the authorizer reads them: headers by any case, each distinct value once. */
    private static RouteMatch.RequestValues request(Map<String, String> headers, Map<String, String> query) {
        return input -> {
            Map<String, String> from = input.source() == Route.ContextInput.Source.HEADER ? headers : query;
            if (from == null) {
                return java.util.List.of();
            }
            return from.entrySet().stream()
                    .filter(e -> input.source() == Route.ContextInput.Source.HEADER
                            ? e.getKey().equalsIgnoreCase(input.name()) : e.getKey().equals(input.name()))
                    .map(Map.Entry::getValue).distinct().toList();
        };
    }

    @Test
    void matchesNothingForAnotherMethodExtraSegmentsOrEmptySegments() throws IOException {
        BundleManifest m = payments();
        assertThat(m.match("DELETE", "/payments/p-42")).isEmpty();
        assertThat(m.match("GET", "/payments/p-42/extra")).isEmpty();
        assertThat(m.match("GET", "/payments//approve")).isEmpty();
        assertThat(m.match("GET", "payments")).isEmpty();
        assertThat(m.match(null, "/payments")).isEmpty();
    }

    @Test
    void aLiteralSegmentWinsOverAParameter() throws IOException {
        BundleManifest m = withRoutes(
                "\"GET /r/{id}\":{\"action\":\"A::Action::\\\"Get\\\"\",\"resource\":{\"type\":\"A::R\",\"id\":\"{id}\"},\"function\":\"get\"},"
                + "\"GET /r/export\":{\"action\":\"A::Action::\\\"Export\\\"\",\"resource\":{\"type\":\"A::R\",\"id\":\"all\"},\"function\":\"export\"}");

        assertThat(m.match("GET", "/r/export").orElseThrow().function()).isEqualTo("export");
        assertThat(m.match("GET", "/r/7").orElseThrow().function()).isEqualTo("get");
    }

    @Test
    void aPathParameterReachesTheResourceIdVerbatimNotAsCedarSyntax() throws IOException {
        RouteMatch m = payments().match("GET", "/payments/x\" || true || \"").orElseThrow();
        assertThat(m.resourceId()).isEqualTo("x\" || true || \"");
    }

    @Test
    void refusesAManifestThatIsIncompleteOrWrong() {
        assertThatThrownBy(() -> BundleManifest.parse("{\"name\":\"t\",\"revision\":0,\"principal\":{},\"routes\":{}}".getBytes(UTF_8)))
                .hasMessageContaining("revision");
        assertThatThrownBy(() -> BundleManifest.parse("{\"name\":\"Bad Name\",\"revision\":1}".getBytes(UTF_8)))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> withRoutes(
                "\"GET /r/{id}\":{\"action\":\"A::Action::\\\"Get\\\"\",\"resource\":{\"type\":\"A::R\",\"id\":\"{other}\"},\"function\":\"f\"}"))
                .hasMessageContaining("{other}");
        assertThatThrownBy(() -> withRoutes("\"GET/r\":{}")).hasMessageContaining("METHOD /path");
        assertThatThrownBy(() -> withRoutes(
                "\"GET /r\":{\"action\":\"A::Action::\\\"Get\\\"\",\"resource\":{\"type\":\"A::R\",\"id\":\"r\"}}"))
                .hasMessageContaining("\"function\"");
        assertThatThrownBy(() -> BundleManifest.parse(
                "{\"name\":\"t\",\"name\":\"u\",\"revision\":1}".getBytes(UTF_8)))
                .hasMessageContaining("name");
    }
}
