package dev.writ.cli.assess;

/** Whether invocations from an event source can carry a writ to the function. */
enum Carriage {
    /** API Gateway with Writ's authorizer: every allowed request carries the writ it minted. */
    YES("yes"),
    /** SQS, SNS, EventBridge, direct invocation: only through the writ exchange, which Writ does not have yet. */
    NEEDS_EXCHANGE("needs the writ exchange (not yet available)"),
    /** Nothing mints a writ for this path (S3, streams, schedules, an API without Writ's authorizer...). */
    NO("cannot carry a writ");

    private final String text;

    Carriage(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
