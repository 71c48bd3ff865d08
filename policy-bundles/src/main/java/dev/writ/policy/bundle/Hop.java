package dev.writ.policy.bundle;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One hop of a bundle's manifest: a kind of outgoing call to a target, mapped to the Cedar action
 * and resource the writ exchange decides it as, the function that receives it (the child writ's
 * {@code aud}: the target itself for a Lambda invoke, the consumer of a queue, topic, bus or state
 * machine) and what the child writ carries. Which functions may make the call, for which subjects,
 * is the policies' question: the manifest maps the target, the policies name the callers.
 *
 * @param kind         the kind of call
 * @param target       the target's name (function, queue, topic, event bus or state machine name)
 * @param action       the Cedar action, in Cedar syntax
 * @param resourceType the Cedar entity type of the target
 * @param resourceId   the target's entity id
 * @param function     the function that runs with the child writ
 * @param singleUse    every child writ of this hop is single use
 * @param anyPayload   a child may bind no payload (manifest {@code "payload": "any"}); otherwise the
 *                     exchange refuses a request without the digest of what the call carries. Only
 *                     for kinds whose payload the sender cannot always bind: a Lambda payload that
 *                     is not a JSON object, an SNS message structured per protocol
 * @param scope        the runtime scope of the child writ, if any
 */
public record Hop(Kind kind, String target, String action, String resourceType, String resourceId, String function,
                  boolean singleUse, boolean anyPayload, Optional<RuntimeScope> scope) {

    /** Names of functions, queues, topics, buses and state machines (a partner bus has a '/'). */
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9._/-]{1,256}");

    public Hop {
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("target must be a name of 1-256 letters, digits and . _ / -: \"" + target + "\"");
        }
        if (function.isBlank()) {
            throw new IllegalArgumentException("function must not be empty");
        }
        if (anyPayload && !kind.mayLeavePayloadUnbound()) {
            throw new IllegalArgumentException("\"payload\": \"any\" is for lambda:Invoke and sns:Publish only: a "
                    + kind.wire() + " call always has a payload to bind");
        }
    }

    /** The outgoing calls a hop can be: the operation a guarded function's SDK call performs. */
    public enum Kind {
        LAMBDA_INVOKE("lambda:Invoke"),
        SQS_SEND_MESSAGE("sqs:SendMessage"),
        SNS_PUBLISH("sns:Publish"),
        EVENTS_PUT_EVENTS("events:PutEvents"),
        STATES_START_EXECUTION("states:StartExecution");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** As manifests, exchange requests and lineage write it: {@code lambda:Invoke}. */
        public String wire() {
            return wire;
        }

        /**
         * Whether a call of this kind may carry nothing a child can bind: a Lambda payload that is
         * not a JSON object, an SNS message with {@code MessageStructure: json} (one body per
         * protocol). A queue's message body, an event's {@code Detail} and an execution's input are
         * always bound.
         */
        public boolean mayLeavePayloadUnbound() {
            return this == LAMBDA_INVOKE || this == SNS_PUBLISH;
        }

        /** The kind written {@code wire}, exactly; empty for anything else. */
        public static Optional<Kind> fromWire(String wire) {
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** The hop's key in the manifest: {@code lambda:Invoke ledger-post}. */
    public String key() {
        return kind.wire() + " " + target;
    }

    /** The Cedar resource as the writ's {@code resource} claim writes it: {@code Payments::Function::"ledger-post"}. */
    public String resource() {
        return CedarUid.of(resourceType, resourceId);
    }
}
