package dev.writ.authorizer.event;

import java.util.Optional;

/**
 * A REST API {@code methodArn}: {@code arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH}.
 * The path is the resource path without the stage, as the backend's proxy event reports it.
 */
record MethodArn(String apiId, String stage, String method, String path) {

    static Optional<MethodArn> parse(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("execute-api")) {
            return Optional.empty();
        }
        String[] resource = parts[5].split("/", 4);
        if (resource.length < 3 || resource[0].isEmpty() || resource[1].isEmpty() || resource[2].isEmpty()) {
            return Optional.empty();
        }
        String path = "/" + (resource.length == 4 ? resource[3] : "");
        return Optional.of(new MethodArn(resource[0], resource[1], resource[2], path));
    }
}
