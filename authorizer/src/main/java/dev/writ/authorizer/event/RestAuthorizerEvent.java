package dev.writ.authorizer.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.util.List;
import java.util.Map;

/**
 * A REST API authorizer event as API Gateway sends it. The library's
 * {@link APIGatewayCustomAuthorizerEvent} has only {@code headers} and
 * {@code queryStringParameters}, which keep the last value of a repeated header or parameter;
 * a REQUEST event also carries every value in {@code multiValueHeaders} and
 * {@code multiValueQueryStringParameters}, and so does the backend's proxy event the guard reads.
 * The authorizer reads both, so it decides and binds the request the guard will see.
 */
public class RestAuthorizerEvent extends APIGatewayCustomAuthorizerEvent {

    private static final long serialVersionUID = 1L;

    private Map<String, List<String>> multiValueHeaders;
    private Map<String, List<String>> multiValueQueryStringParameters;

    /** Every value of each header; null when the event has none (TOKEN events). */
    public Map<String, List<String>> getMultiValueHeaders() {
        return multiValueHeaders;
    }

    public void setMultiValueHeaders(Map<String, List<String>> multiValueHeaders) {
        this.multiValueHeaders = multiValueHeaders;
    }

    /** Every value of each query parameter; null when the request has no query. */
    public Map<String, List<String>> getMultiValueQueryStringParameters() {
        return multiValueQueryStringParameters;
    }

    public void setMultiValueQueryStringParameters(Map<String, List<String>> multiValueQueryStringParameters) {
        this.multiValueQueryStringParameters = multiValueQueryStringParameters;
    }
}
