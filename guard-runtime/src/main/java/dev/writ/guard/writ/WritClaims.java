package dev.writ.guard.writ;

import dev.writ.core.json.JsonException;
import dev.writ.core.json.JsonMembers;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a writ as an issuer writes them or a decoder reads them, before any verification:
 * who may run which function for which request, decided by which policies, until when. Immutable;
 * build one with {@link #builder()}. A handler never sees this type: it receives a {@link Writ},
 * which only {@link WritVerifier} makes.
 *
 * <p>Required: {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code exp}, {@code jti}.
 * Times are epoch seconds.
 */
public final class WritClaims {
    /**
     * Longest {@code sub}: bytes of the JSON string a writ carries it as (UTF-8, escapes counted,
     * quotes not). Four times OIDC's 255 characters, and small beside the codec's 8 KiB, so a
     * subject never makes a writ too long to carry.
     */
    public static final int MAX_SUBJECT_BYTES = 1024;

    /**
     * Every claim this guard reads, and so every claim {@link #toJson} can write. Any other claim is
     * refused: a claim the guard does not know could bind the writ to something it would not check
     * (as JWS {@code crit} does for headers), so guards are upgraded before issuers mint a new claim.
     */
    static final Set<String> CLAIMS = Set.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "action", "resource",
            "act", "groups", "req", "in", "pol", "txn", "par", "scp", "one");

    private final String issuer;
    private final String subject;
    private final List<String> audience;
    private final long issuedAt;
    private final Long notBefore;
    private final long expiresAt;
    private final String id;
    private final String action;
    private final String resource;
    private final RequestBinding request;
    private final BoundInputs inputs;
    private final PolicyRef policy;
    private final String transaction;
    private final String parent;
    private final Scope scope;
    private final Actor actor;
    private final List<String> groups;
    private final boolean singleUse;

    private WritClaims(Builder b) {
        this.issuer = require(b.issuer, "iss");
        this.subject = require(b.subject, "sub");
        subjectProblem(subject).ifPresent(problem -> {
            throw new MalformedWritException(problem);
        });
        this.audience = List.copyOf(b.audience);
        if (audience.isEmpty()) {
            throw new MalformedWritException("missing claim aud");
        }
        this.issuedAt = require(b.issuedAt, "iat");
        this.notBefore = b.notBefore;
        this.expiresAt = require(b.expiresAt, "exp");
        this.id = require(b.id, "jti");
        this.action = b.action;
        this.resource = b.resource;
        this.request = b.request;
        this.inputs = b.inputs;
        this.policy = b.policy;
        this.transaction = b.transaction;
        this.parent = b.parent;
        this.scope = b.scope;
        this.actor = b.actor;
        this.groups = List.copyOf(b.groups);
        this.singleUse = b.singleUse;
    }

    /**
     * Why {@code sub} cannot be a writ's subject, or empty: it must be non-empty, not only
     * whitespace (it names nobody), well-formed Unicode (canonical JSON cannot carry a lone
     * surrogate, so two subjects would hash alike in lineage), and at most {@link #MAX_SUBJECT_BYTES}.
     * The guard refuses such a writ as MALFORMED; the authorizer refuses such a caller's token.
     */
    public static Optional<String> subjectProblem(String sub) {
        if (sub.isEmpty()) {
            return Optional.of("sub is empty");
        }
        if (isBlank(sub)) {
            return Optional.of("sub is blank");
        }
        if (hasLoneSurrogate(sub)) {
            return Optional.of("sub is not well-formed Unicode (a lone surrogate)");
        }
        // A character takes at most 6 bytes in JSON (an escape); shorter subjects need no counting.
        if (sub.length() * 6 <= MAX_SUBJECT_BYTES) {
            return Optional.empty();
        }
        int bytes = dev.writ.core.json.Json.writeBytes(sub).length - 2;
        if (bytes > MAX_SUBJECT_BYTES) {
            return Optional.of("sub is longer than " + MAX_SUBJECT_BYTES + " bytes (" + bytes + ")");
        }
        return Optional.empty();
    }

    /** Whether every code point is white space or a space character (loops, not a stream: read per writ). */
    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** Whether a surrogate stands outside a high-low pair: the one thing UTF-8 cannot encode. */
    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static <T> T require(T value, String claim) {
        if (value == null) {
            throw new MalformedWritException("missing claim " + claim);
        }
        return value;
    }

    /** A builder for a new writ. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this writ's claims. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.issuer = issuer;
        b.subject = subject;
        b.audience = audience;
        b.issuedAt = issuedAt;
        b.notBefore = notBefore;
        b.expiresAt = expiresAt;
        b.id = id;
        b.action = action;
        b.resource = resource;
        b.request = request;
        b.inputs = inputs;
        b.policy = policy;
        b.transaction = transaction;
        b.parent = parent;
        b.scope = scope;
        b.actor = actor;
        b.groups = groups;
        b.singleUse = singleUse;
        return b;
    }

    /** {@code iss}: the authorizer that issued the writ. */
    public String issuer() {
        return issuer;
    }

    /** {@code sub}: the authenticated principal. */
    public String subject() {
        return subject;
    }

    /** {@code aud}: names of the functions allowed to run this writ. */
    public List<String> audience() {
        return audience;
    }

    /** {@code iat}, epoch seconds. */
    public long issuedAt() {
        return issuedAt;
    }

    /** {@code nbf}, epoch seconds, when present. */
    public Optional<Long> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** {@code exp}, epoch seconds. */
    public long expiresAt() {
        return expiresAt;
    }

    /** {@code exp} as an instant. */
    public Instant expiry() {
        return Instant.ofEpochSecond(expiresAt);
    }

    /** {@code jti}: unique id, also the root of the execution id. */
    public String id() {
        return id;
    }

    /** {@code action}: the Cedar action that was authorized. */
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }

    /** {@code resource}: the Cedar resource that was authorized. */
    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /** {@code req}: the request binding, for writs issued for an HTTP request. */
    public Optional<RequestBinding> request() {
        return Optional.ofNullable(request);
    }

    /** {@code in}: the invocation's inputs the issuer decided on, as digests; empty when none are bound. */
    public BoundInputs inputs() {
        return inputs;
    }

    /** {@code pol}: the deciding bundle and policies. */
    public Optional<PolicyRef> policy() {
        return Optional.ofNullable(policy);
    }

    /** {@code txn}: transaction id carried across hops. */
    public Optional<String> transaction() {
        return Optional.ofNullable(transaction);
    }

    /** {@code par}: the parent writ id when a guarded function called another. */
    public Optional<String> parent() {
        return Optional.ofNullable(parent);
    }

    /** {@code act} (RFC 8693): the functions acting for the subject, newest first; empty for a writ the authorizer issued to the caller. */
    public Optional<Actor> actor() {
        return Optional.ofNullable(actor);
    }

    /**
     * {@code groups}: the subject's groups (roles) the issuer decided with, as its IdP gave them; empty
     * when the writ carries none. A hop's writ carries its parent's, so the writ exchange can decide
     * a hop on the original subject's roles.
     */
    public List<String> groups() {
        return groups;
    }

    /** {@code scp}: the runtime scope, when the issuer set one. */
    public Optional<Scope> scope() {
        return Optional.ofNullable(scope);
    }

    /** {@code one}: single use; the guard consumes {@code jti} in the replay table. */
    public boolean singleUse() {
        return singleUse;
    }

    /** The claims as a JSON object (claim names as on the wire). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("iss", issuer);
        json.put("sub", subject);
        json.put("aud", audience.size() == 1 ? audience.get(0) : audience);
        json.put("iat", issuedAt);
        RequestBinding.putIfPresent(json, "nbf", notBefore);
        json.put("exp", expiresAt);
        json.put("jti", id);
        RequestBinding.putIfPresent(json, "action", action);
        RequestBinding.putIfPresent(json, "resource", resource);
        RequestBinding.putIfPresent(json, "act", actor == null ? null : actor.toJson());
        RequestBinding.putIfPresent(json, "groups", groups.isEmpty() ? null : groups);
        RequestBinding.putIfPresent(json, "req", request == null ? null : request.toJson());
        RequestBinding.putIfPresent(json, "in", inputs.isEmpty() ? null : inputs.toJson());
        RequestBinding.putIfPresent(json, "pol", policy == null ? null : policy.toJson());
        RequestBinding.putIfPresent(json, "txn", transaction);
        RequestBinding.putIfPresent(json, "par", parent);
        RequestBinding.putIfPresent(json, "scp", scope == null ? null : scope.toJson());
        if (singleUse) {
            json.put("one", true);
        }
        return json;
    }

    /**
     * Reads claims from a parsed JSON object.
     *
     * @throws MalformedWritException naming the first claim that is missing or of the wrong type,
     *                                else the first claim this guard does not know ({@link #CLAIMS})
     */
    public static WritClaims fromJson(Map<String, Object> json) {
        try {
            return read(new JsonMembers(json, ""));
        } catch (JsonException e) {
            throw new MalformedWritException(e.getMessage());
        }
    }

    private static WritClaims read(JsonMembers c) {
        Builder b = builder()
                .issuer(c.requiredString("iss"))
                .subject(c.requiredString("sub"))
                .audience(c.stringOrArray("aud", true))
                .issuedAt(c.requiredInteger("iat"))
                .notBefore(c.optionalInteger("nbf"))
                .expiresAt(c.requiredInteger("exp"))
                .id(c.requiredString("jti"))
                .action(c.optionalString("action"))
                .resource(c.optionalString("resource"))
                .transaction(c.optionalString("txn"))
                .parent(c.optionalString("par"))
                .groups(c.stringOrArray("groups", false))
                .singleUse(c.optionalBoolean("one"));
        JsonMembers req = c.object("req");
        if (req != null) {
            b.request(RequestBinding.fromJson(req));
        }
        JsonMembers in = c.object("in");
        if (in != null) {
            b.inputs(BoundInputs.fromJson(in));
        }
        JsonMembers pol = c.object("pol");
        if (pol != null) {
            b.policy(PolicyRef.fromJson(pol));
        }
        JsonMembers act = c.object("act");
        if (act != null) {
            b.actor(Actor.fromJson(act));
        }
        JsonMembers scp = c.object("scp");
        if (scp != null) {
            b.scope(Scope.fromJson(scp));
        }
        for (String name : c.names()) {
            if (!CLAIMS.contains(name)) {
                throw new JsonException("claim " + name + " is unknown to this guard, which cannot check what it binds"
                        + " (upgrade guards before issuers)");
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WritClaims && toJson().equals(((WritClaims) o).toJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, expiresAt);
    }

    @Override
    public String toString() {
        return "WritClaims" + toJson();
    }

    /** Builds {@link WritClaims}; {@link #build()} fails with {@link MalformedWritException} if a required claim is missing. */
    public static final class Builder {
        private String issuer;
        private String subject;
        private List<String> audience = List.of();
        private Long issuedAt;
        private Long notBefore;
        private Long expiresAt;
        private String id;
        private String action;
        private String resource;
        private RequestBinding request;
        private BoundInputs inputs = BoundInputs.none();
        private PolicyRef policy;
        private String transaction;
        private String parent;
        private Scope scope;
        private Actor actor;
        private List<String> groups = List.of();
        private boolean singleUse;

        private Builder() {
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder audience(List<String> audience) {
            this.audience = List.copyOf(audience);
            return this;
        }

        public Builder audience(String... audience) {
            return audience(List.of(audience));
        }

        public Builder issuedAt(long epochSeconds) {
            this.issuedAt = epochSeconds;
            return this;
        }

        public Builder notBefore(Long epochSeconds) {
            this.notBefore = epochSeconds;
            return this;
        }

        public Builder expiresAt(long epochSeconds) {
            this.expiresAt = epochSeconds;
            return this;
        }

        public Builder id(String jti) {
            this.id = jti;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        public Builder request(RequestBinding request) {
            this.request = request;
            return this;
        }

        /** {@code in}: the inputs the decision rests on ({@link BoundInputs#none()} by default). */
        public Builder inputs(BoundInputs inputs) {
            this.inputs = Objects.requireNonNull(inputs);
            return this;
        }

        public Builder policy(PolicyRef policy) {
            this.policy = policy;
            return this;
        }

        public Builder transaction(String txn) {
            this.transaction = txn;
            return this;
        }

        public Builder parent(String parentWritId) {
            this.parent = parentWritId;
            return this;
        }

        /** {@code act}: the functions acting for the subject (a hop's writ). */
        public Builder actor(Actor actor) {
            this.actor = actor;
            return this;
        }

        /** {@code groups}: the subject's groups (none by default). */
        public Builder groups(List<String> groups) {
            this.groups = List.copyOf(groups);
            return this;
        }

        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        public Builder singleUse(boolean singleUse) {
            this.singleUse = singleUse;
            return this;
        }

        public WritClaims build() {
            return new WritClaims(this);
        }
    }
}
