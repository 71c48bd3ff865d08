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

    @Test
    void mapsAConcreteRequestToActionResourceAndFunction() throws IOException {
        RouteMatch m = payments().match("POST", "/payments/p-42/approve").orElseThrow();

        assertThat(m.action()).isEqualTo("Payments::Action::\"ApprovePayment\"");
        assertThat(m.resourceType()).isEqualTo("Payments::Payment");
        assertThat(m.resourceId()).isEqualTo("p-42");
        assertThat(m.function()).isEqualTo("payments-approve");
        assertThat(m.pathParameters()).isEqualTo(Map.of("paymentId", "p-42"));
        assertThat(m.route().contextInputs().get("amount"))
                .isEqualTo(new Route.ContextInput(Route.ContextInput.Source.HEADER, "X-Payment-Amount", Route.ContextInput.Type.LONG));
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
