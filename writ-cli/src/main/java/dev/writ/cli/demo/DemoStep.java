package dev.writ.cli.demo;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

/** One request of the demo and the decision it should get. */
record DemoStep(String description, APIGatewayProxyRequestEvent event, String expected) {
}
