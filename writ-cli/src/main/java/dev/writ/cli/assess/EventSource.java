package dev.writ.cli.assess;

/**
 * Something that invokes a function.
 *
 * @param kind        api-rest, api-http, sqs, sns, eventbridge, schedule, s3, dynamodb-stream,
 *                    kinesis, function-url, direct-invoke, cloudformation or other
 * @param description what and where, for people
 * @param authorizer  the API's Lambda authorizer, or null
 * @param origin      the logical id of the resource that delivers the events (API, queue, rule...), or null
 */
record EventSource(String kind, String description, Carriage carriage, Authorizer authorizer, String origin, int line) {
}
