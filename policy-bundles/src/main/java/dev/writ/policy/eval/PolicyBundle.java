package dev.writ.policy.eval;

import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.Effect;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import dev.writ.policy.bundle.BundleManifest;
import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.RouteMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compiled bundle: manifest, schema, policies (each with its stable id), static entities,
 * ready to answer authorization questions. Immutable and safe to share between threads.
 *
 * <p>Made by {@link #compile(BundleSource)}, which validates every policy against the schema in
 * strict mode; a bundle read from a signed bundle file comes from {@code BundleLoader}.
 */
public final class PolicyBundle {
    private final BundleSource source;
    private final BundleManifest manifest;
    private final Schema schema;
    private final PolicySlice policies;
    private final Map<String, String> policyFiles;
    private final EntitySlice entitySlice;
    private final Map<EntityUID, ActionContext> contexts;
    private final EntityTypeName principalType;
    private final EntityTypeName groupType;
    // Parsing a Cedar name costs a native call; the manifest's names are parsed once here.
    private final Map<String, EntityUID> routeActions;
    private final Map<String, EntityTypeName> routeResourceTypes;
    private final Map<String, EntityTypeName> principalTypes;

    PolicyBundle(BundleSource source, BundleManifest manifest, Schema schema, PolicySlice policies,
            PolicyReads reads, Map<EntityUID, ActionContext> contexts, Map<String, String> policyFiles,
            Map<EntityUID, Entity> staticEntities, EntityTypeName principalType, EntityTypeName groupType) {
        this.source = source;
        this.manifest = manifest;
        this.schema = schema;
        this.policies = policies;
        this.policyFiles = Map.copyOf(policyFiles);
        this.contexts = Map.copyOf(contexts);
        this.entitySlice = EntitySlice.of(Map.copyOf(staticEntities), reads);
        this.principalType = principalType;
        this.groupType = groupType;
        Map<String, EntityUID> actions = new java.util.HashMap<>();
        Map<String, EntityTypeName> types = new java.util.HashMap<>();
        for (dev.writ.policy.bundle.Route r : manifest.routes()) {
            EntityUID.parse(r.action()).ifPresent(uid -> actions.put(r.action(), uid));
            EntityTypeName.parse(r.resourceType()).ifPresent(t -> types.put(r.resourceType(), t));
        }
        for (dev.writ.policy.bundle.Hop h : manifest.hops()) {
            EntityUID.parse(h.action()).ifPresent(uid -> actions.put(h.action(), uid));
            EntityTypeName.parse(h.resourceType()).ifPresent(t -> types.put(h.resourceType(), t));
        }
        for (dev.writ.policy.bundle.Tool t : manifest.tools()) {
            EntityUID.parse(t.action()).ifPresent(uid -> actions.put(t.action(), uid));
            EntityTypeName.parse(t.resourceType()).ifPresent(type -> types.put(t.resourceType(), type));
        }
        this.routeActions = Map.copyOf(actions);
        this.routeResourceTypes = Map.copyOf(types);
        Map<String, EntityTypeName> principals = new java.util.HashMap<>();
        if (manifest.functionType() != null) {
            EntityTypeName.parse(manifest.functionType()).ifPresent(t -> principals.put(manifest.functionType(), t));
        }
        this.principalTypes = Map.copyOf(principals);
    }

    /** The result of compiling: a bundle, or the problems that prevent one. */
    public record Compiled(Optional<PolicyBundle> bundle, List<BundleProblem> problems) {
        public Compiled {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Parses and strictly validates a bundle's manifest, schema, policies and entities. Every
     * problem found is reported (not only the first), each naming its file and, where one policy
     * is at fault, the policy id.
     */
    public static Compiled compile(BundleSource source) {
        return compile(source, true);
    }

    /** As {@link #compile}, without the native-side cache: the baseline of the evaluation benchmark. */
    static Compiled compileUncached(BundleSource source) {
        return compile(source, false);
    }

    private static Compiled compile(BundleSource source, boolean cache) {
        Optional<String> unavailable = engineProblem();
        if (unavailable.isPresent()) {
            return new Compiled(Optional.empty(), List.of(BundleProblem.inFile(".", unavailable.get())));
        }
        return new BundleCompiler(source, CedarEngine.get(), cache).compile();
    }

    /**
     * Why Cedar cannot run on this platform (its native library does not load), if it cannot:
     * then no bundle compiles.
     */
    public static Optional<String> engineProblem() {
        return CedarEngine.problem();
    }

    /** The manifest: name, revision, description, route mapping. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** The files this bundle was compiled from. */
    public BundleSource source() {
        return source;
    }

    /** The content hash of the bundle's files (see {@link BundleSource}). */
    public String contentHash() {
        return source.contentHash();
    }

    /** {@code name@revision#hash}, the form lineage records carry. */
    public String label() {
        return manifest.name() + "@" + manifest.revision() + "#" + contentHash();
    }

    /** The ids of every policy, with the bundle file each came from. */
    public Map<String, String> policyFiles() {
        return policyFiles;
    }

    /**
     * Whether the schema declares this context attribute for this action (in Cedar syntax, as a
     * route names it). True when the action's context cannot be read from the schema.
     * {@link #authorize} leaves out of a request's context every attribute its action does not
     * declare, and every optional one that no policy the action can need may read.
     */
    public boolean declaresContext(String action, String attribute) {
        ActionContext context = actionUid(action).map(contexts::get).orElse(null);
        return context == null || context.declares(attribute);
    }

    /**
     * Whether {@link #authorize} sends this context attribute to Cedar for this action when a
     * caller supplies it: declared, and required or readable by a policy of the action's slice.
     * True when the action's context cannot be read from the schema (every supplied attribute is
     * then sent). The authorizer binds into the writ each request value that goes to Cedar.
     */
    public boolean sendsContext(String action, String attribute) {
        ActionContext context = actionUid(action).map(contexts::get).orElse(null);
        return context == null || context.takes(attribute);
    }

    /**
     * The permits Cedar may consult for a request on {@code action} (Cedar syntax), by id: those
     * whose action scope can hold for it, read generously ({@link PolicySlice}: perhaps one whose
     * scope cannot, never one missing); every permit when the scope cannot be read. For the build's
     * checks, not for deciding.
     */
    public List<Policy> permitsFor(String action) {
        PolicySet set = actionUid(action).map(policies::forAction).orElse(policies.whole());
        List<Policy> permits = new ArrayList<>();
        for (Policy policy : set.policies) {
            if (mayPermit(policy)) {
                permits.add(policy);
            }
        }
        permits.sort(Comparator.comparing(Policy::getID));
        return permits;
    }

    private static boolean mayPermit(Policy policy) {
        try {
            return policy.effect() == Effect.PERMIT;
        } catch (InternalException e) {
            return true;
        }
    }

    /**
     * Whether the conditions of {@code policy} may read the context attribute {@code attribute}:
     * false only when none can ({@link PolicyReads}: an attribute of that name read from anything
     * counts, so does a use of the whole context, and a policy Cedar cannot show as JSON reads every one).
     */
    public static boolean mayReadContext(Policy policy, String attribute) {
        return PolicyReads.of(PolicyJson.of(List.of(policy))).mayReadContext(attribute);
    }

    /**
     * The subject's roles as a hop's context gives them ({@link HopContext#ROLES}): its groups and
     * every ancestor group {@code entities.json} gives them, by id, as a route's principal gets them
     * as parents.
     */
    public Set<String> roles(java.util.Collection<String> groups) {
        Set<EntityUID> uids = new HashSet<>();
        for (String g : groups) {
            uids.add(groupType.of(g));
        }
        Set<String> roles = new java.util.TreeSet<>();
        for (EntityUID uid : entitySlice.principalParents(uids)) {
            if (uid.getType().equals(groupType)) {
                roles.add(uid.getId().toString());
            }
        }
        return roles;
    }

    /** The route a request takes, if any (see {@link BundleManifest#match}). */
    public Optional<RouteMatch> route(String method, String path) {
        return manifest.match(method, path);
    }

    /**
     * Decides one request. Default deny: ALLOW only when a permit matches and no forbid does. A
     * request the schema refuses, or one that cannot be expressed in Cedar, is a DENY carrying the
     * reason in {@link Evaluation#errors()}; this method does not throw for bad input.
     */
    public Evaluation authorize(AuthzRequest request) {
        return authorize(request, CedarInputs.SLICED);
    }

    /** As {@link #authorize(AuthzRequest)}, sending Cedar what {@code inputs} chooses. */
    Evaluation authorize(AuthzRequest request, CedarInputs inputs) {
        AuthorizationRequest cedarRequest;
        Set<Entity> entities;
        try {
            EntityUID principal = principalType(request.principalType()).of(request.principalId());
            Set<EntityUID> parents = new HashSet<>();
            for (String g : request.groups()) {
                parents.add(groupType.of(g));
            }
            Entity principalEntity = new Entity(principal, CedarValues.record(request.principalAttributes()),
                    inputs.principalParents(entitySlice, parents));
            EntityUID action = actionUid(request.action())
                    .orElseThrow(() -> new IllegalArgumentException("bad action \"" + request.action() + "\""));
            EntityUID resource = Optional.ofNullable(routeResourceTypes.get(request.resourceType()))
                    .or(() -> EntityTypeName.parse(request.resourceType()))
                    .orElseThrow(() -> new IllegalArgumentException("bad resource type \"" + request.resourceType() + "\""))
                    .of(request.resourceId());
            ActionContext shape = contexts.get(action);
            Map<String, Object> supplied = request.context();
            Map<String, Value> context = CedarValues.record(shape == null ? supplied : inputs.context(shape, supplied));
            cedarRequest = new AuthorizationRequest(principal, action, resource, Optional.of(context),
                    Optional.of(schema), true);
            entities = inputs.entities(entitySlice, resource);
            // The request's principal replaces a static entity of the same uid: groups come from the IdP.
            entities.removeIf(e -> e.getEUID().equals(principal));
            entities.add(principalEntity);
        } catch (IllegalArgumentException e) {
            return Evaluation.refusal(List.of("INVALID_REQUEST: " + e.getMessage()));
        }
        AuthorizationResponse response;
        try {
            PolicySet policySet = inputs.policies(policies, cedarRequest.actionEUID);
            response = CedarEngine.get().isAuthorized(cedarRequest, policySet, new Entities(entities));
        } catch (AuthException | RuntimeException e) {
            return Evaluation.refusal(List.of("EVALUATION_FAILED: " + e.getMessage()));
        }
        if (response.type != AuthorizationResponse.SuccessOrFailure.Success || response.success.isEmpty()) {
            List<String> errors = new ArrayList<>();
            response.errors.ifPresent(list -> list.forEach(err -> errors.add("INVALID_REQUEST: " + err.message)));
            if (errors.isEmpty()) {
                errors.add("INVALID_REQUEST: refused by the evaluator");
            }
            return Evaluation.refusal(errors);
        }
        AuthorizationSuccessResponse success = response.success.get();
        List<String> errors = new ArrayList<>();
        for (AuthorizationSuccessResponse.AuthorizationError err : success.getErrors()) {
            errors.add("policy " + err.getPolicyId() + ": " + message(err.getError()));
        }
        // Cedar reports them in no fixed order; sorted, equal decisions compare and log alike.
        errors.sort(null);
        List<String> determining = new ArrayList<>(success.getReason());
        determining.sort(null);
        Evaluation.Effect effect = success.getDecision() == AuthorizationSuccessResponse.Decision.Allow
                ? Evaluation.Effect.ALLOW : Evaluation.Effect.DENY;
        return new Evaluation(effect, determining, errors, false);
    }

    /** The principal's entity type: the manifest's caller type, or the one named (the hop's function type, parsed once). */
    private EntityTypeName principalType(String named) {
        if (named == null) {
            return principalType;
        }
        return Optional.ofNullable(principalTypes.get(named)).or(() -> EntityTypeName.parse(named))
                .orElseThrow(() -> new IllegalArgumentException("bad principal type \"" + named + "\""));
    }

    EntitySlice entitySlice() {
        return entitySlice;
    }

    PolicySlice policySlice() {
        return policies;
    }

    /** The context shape of an action (Cedar syntax); null when the schema does not show it. */
    ActionContext actionContext(String action) {
        return contexts.get(actionUid(action).orElseThrow());
    }

    /** An action named in Cedar syntax; a route's action without a native parse. */
    private Optional<EntityUID> actionUid(String action) {
        return Optional.ofNullable(routeActions.get(action)).or(() -> EntityUID.parse(action));
    }

    static String message(DetailedError error) {
        return error.message + error.help.filter(h -> !h.isBlank()).map(h -> " (" + h + ")").orElse("");
    }
}
