package dev.writ.authorizer.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.QueryHash;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A REST REQUEST event read with its multi-value maps, as the guard reads the backend's event. */
class AuthorizerEventsTest {
    private static final AuthorizerEvents EVENTS = new AuthorizerEvents(64);

    /** A REQUEST event as API Gateway writes one whose header and query parameter are given twice. */
    private static RestAuthorizerEvent repeated() {
        RestAuthorizerEvent e = new RestAuthorizerEvent();
        e.setType("REQUEST");
        e.setHttpMethod("POST");
        e.setPath("/payments");
        e.setHeaders(Map.of("Authorization", "Bearer t", "X-Payment-Amount", "100"));
        e.setMultiValueHeaders(Map.of("Authorization", List.of("Bearer t"), "X-Payment-Amount", List.of("99999999", "100")));
        e.setQueryStringParameters(Map.of("note", "b"));
        e.setMultiValueQueryStringParameters(Map.of("note", List.of("a", "b")));
        return e;
    }

    @Test
    void everyValueOfARepeatedHeaderOrParameterCounts() {
        AuthzInput input = EVENTS.rest(repeated());

        assertThat(input.inputs().values(BoundInputs.header("X-Payment-Amount"))).containsExactlyInAnyOrder("99999999", "100");
        assertThat(input.inputs().values(BoundInputs.query("note"))).containsExactlyInAnyOrder("a", "b");
        assertThat(input.binding().queryHash()).isEqualTo(QueryHash.ofMultiValue(Map.of("note", List.of("a", "b"))));
        assertThat(input.problem()).isEmpty();
    }

    @Test
    void anOversizeValueOfARepeatedHeaderIsAProblemThoughTheLastFits() {
        RestAuthorizerEvent e = repeated();
        e.setMultiValueHeaders(Map.of("X-Payment-Amount", List.of("9".repeat(65), "100")));

        assertThat(EVENTS.rest(e).problem()).hasValueSatisfying(p -> {
            assertThat(p.code()).isEqualTo(AuthzInput.Problem.Code.OVERSIZE_HEADER);
            assertThat(p.detail()).isEqualTo("header X-Payment-Amount over 64 bytes");
        });
    }

    @Test
    void anEventWithoutMultiValueMapsIsReadFromItsSingleValues() {
        RestAuthorizerEvent single = repeated();
        single.setMultiValueHeaders(null);
        single.setMultiValueQueryStringParameters(null);

        AuthzInput input = EVENTS.rest(single);

        assertThat(input.inputs().values(BoundInputs.header("X-Payment-Amount"))).containsExactly("100");
        assertThat(input.binding().queryHash()).isEqualTo(QueryHash.ofMultiValue(Map.of("note", List.of("b"))));
    }
}
