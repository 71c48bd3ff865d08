package dev.writ.cli.dev;

/** One emulated API Gateway flavour in front of the bundle's routes: REST ({@link Gateway}) or HTTP ({@link HttpApiGateway}). */
public interface Api {
    /** The whole path of one request: route, authorizer, guard, function. Never throws for a bad request. */
    Gateway.Response handle(Gateway.Request request);
}
