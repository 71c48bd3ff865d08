package dev.writ.examples.zerocode;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler on its own, as its authors test it: no guard here (the template adds it). */
class ListPaymentsTest {

    private static APIGatewayProxyRequestEvent event(String principal, Map<String, String> query) {
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, Events.text("rest-proxy.json"));
        event.setHttpMethod("GET");
        event.setQueryStringParameters(query);
        event.getRequestContext().setAuthorizer(Map.of("principalId", principal));
        return event;
    }

    @Test
    void listsTheLedgerForTheAuthorizersPrincipal() {
        APIGatewayProxyResponseEvent response = new ListPayments().handleRequest(event("carla", null), new TestContext("payments-read"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).startsWith("{\"principal\":\"carla\",\"requestId\":\"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\",\"payments\":[")
                .contains("\"id\":\"p-1001\"", "\"id\":\"p-1002\"", "\"id\":\"p-1003\"");
    }

    @Test
    void filtersByStatusAndEscapesWhatItEchoes() {
        APIGatewayProxyResponseEvent response = new ListPayments()
                .handleRequest(event("a\"b", Map.of("status", "pending")), new TestContext("payments-read"));
        assertThat(response.getBody()).startsWith("{\"principal\":\"a\\\"b\",")
                .contains("\"id\":\"p-1002\"").doesNotContain("p-1001", "p-1003");
    }
}
