package dev.writ.authorizer;

import dev.writ.core.json.CanonicalJson;
import dev.writ.guard.writ.BoundInputs;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The transaction of an agent session's tool calls (docs/architecture.md, "Tool calls"). The agent
 * host names its session with an id of its own; the writ's {@code txn} is derived from that id and
 * from who asks for whom, so another user or another agent giving the same id lands in another
 * transaction, and no caller can add calls to a transaction it did not start:
 * {@code agent-session:} + base64url(SHA-256(UTF-8(JCS(["writ-agent-session/1", iss, sub, agent, session])))).
 */
final class AgentSession {
    /** How every derived {@code txn} starts; a session id may not, so an answered {@code txn} sent back is refused, not re-derived. */
    static final String PREFIX = "agent-session:";
    private static final String DOMAIN = "writ-agent-session/1";
    /**
     * A host's session id: part of the hash input only, but kept as the {@code txn} it was before
     * (a lineage index key, which DynamoDB bounds) so that hosts need not change their ids.
     */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private AgentSession() {
    }

    /** Why {@code session} cannot name a session, or null when it can. */
    static String problem(String session) {
        if (!SESSION_ID.matcher(session).matches()) {
            return "txn must be 1-128 of A-Z a-z 0-9 . _ : -";
        }
        if (session.startsWith(PREFIX)) {
            return "txn is the host's own session id, sent unchanged with every call; not the " + PREFIX + " txn answered";
        }
        return null;
    }

    /** The session's transaction id for {@code subject}'s calls through {@code agent}, minted by {@code issuer}. */
    static String transaction(String issuer, String subject, String agent, String session) {
        return PREFIX + BoundInputs.digest(CanonicalJson.of(List.of(DOMAIN, issuer, subject, agent, session)));
    }
}
