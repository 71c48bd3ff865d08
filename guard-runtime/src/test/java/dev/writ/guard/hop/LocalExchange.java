package dev.writ.guard.hop;

import dev.writ.core.jose.Signer;
import dev.writ.guard.writ.Actor;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestInputs;
import dev.writ.guard.writ.Scope;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-process double of our own {@link HopIssuer} interface, standing in for the writ
 * exchange in unit tests: it verifies the parent with the real {@link WritVerifier} (audience = the
 * function it serves) and signs a child writ with a local key, with the claims the hop contract
 * fixes (same {@code sub} and {@code txn}, {@code par} = parent {@code jti}, {@code act} chain,
 * {@code aud} = the target's consumer, {@code exp} no later than the parent's, the digest bound
 * as {@code payload} for a Lambda invoke and {@code body} for a message).
 */
final class LocalExchange implements HopIssuer {

    private final WritVerifier verifier;
    private final String caller;
    private final Signer signer;
    private final Clock clock;
    private final Map<String, String> consumers = new HashMap<>();
    private final Map<String, Scope> scopes = new HashMap<>();
    private final Set<String> refused = new java.util.HashSet<>();
    private final AtomicInteger jti = new AtomicInteger();
    final List<HopRequest> asked = new CopyOnWriteArrayList<>();
    /** When set, every request fails as an exchange that cannot be reached would. */
    volatile boolean unreachable;

    LocalExchange(WritVerifier verifier, String caller, Signer signer, Clock clock) {
        this.verifier = verifier;
        this.caller = caller;
        this.signer = signer;
        this.clock = clock;
    }

    /** Hops to {@code target} get a writ for {@code consumer} (else for the target as named). */
    LocalExchange consumer(String target, String consumer) {
        consumers.put(target, consumer);
        return this;
    }

    /** Hops to {@code target} get a child writ with this scope. */
    LocalExchange scope(String target, Scope scope) {
        scopes.put(target, scope);
        return this;
    }

    /** Hops to {@code target} are refused as POLICY_DENY. */
    LocalExchange refuse(String target) {
        refused.add(target);
        return this;
    }

    @Override
    public String issue(HopRequest request) {
        asked.add(request);
        if (unreachable) {
            throw new WritHopException(WritHopException.Reason.HOP_UNAVAILABLE, "UNREACHABLE",
                    "the writ exchange could not be asked: connection refused");
        }
        Verification parent = verifier.verify(request.parentWrit(), caller, null, RequestInputs.NONE);
        if (!parent.isAllowed()) {
            throw new WritHopException(WritHopException.Reason.HOP_REFUSED, parent.reason().orElseThrow().name(),
                    "the writ exchange refused the parent");
        }
        if (refused.contains(request.target())) {
            throw new WritHopException(WritHopException.Reason.HOP_REFUSED, "POLICY_DENY", "the writ exchange refused "
                    + request.kind().wire() + " to " + request.target() + ": POLICY_DENY (HTTP 403)");
        }
        Writ p = parent.writ().orElseThrow();
        long now = clock.instant().getEpochSecond();
        WritClaims.Builder child = WritClaims.builder().issuer(p.issuer()).subject(p.subject())
                .audience(consumers.getOrDefault(request.target(), request.target()))
                .issuedAt(now).notBefore(now).expiresAt(Math.min(p.claims().expiresAt(), now + 60))
                .id(p.id() + "/hop-" + jti.incrementAndGet())
                .action(request.kind().wire()).resource(request.target())
                .parent(p.id())
                .actor(p.actor().map(a -> a.then(caller)).orElse(Actor.of(caller)));
        p.transaction().ifPresent(child::transaction);
        if (scopes.containsKey(request.target())) {
            child.scope(scopes.get(request.target()));
        }
        Map<String, Object> json = new HashMap<>(child.build().toJson());
        if (request.digest() != null) {
            String key = request.kind() == HopKind.LAMBDA_INVOKE ? BoundInputs.PAYLOAD : BoundInputs.BODY;
            json.put("in", Map.of(key, request.digest()));
        }
        return WritCodec.encode(WritClaims.fromJson(json), signer);
    }

    /** The distinct targets asked for, in order. */
    List<String> targets() {
        List<String> out = new ArrayList<>();
        asked.forEach(r -> out.add(r.target()));
        return out;
    }
}
