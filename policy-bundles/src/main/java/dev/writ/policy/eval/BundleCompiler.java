package dev.writ.policy.eval;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.EntityValidationRequest;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import dev.writ.core.json.Json;
import dev.writ.policy.bundle.BundleManifest;
import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.Hop;
import dev.writ.policy.bundle.Tool;
import dev.writ.policy.bundle.Route;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Turns a {@link BundleSource} into a {@link PolicyBundle}, collecting every problem on the way. */
final class BundleCompiler {
    private static final Pattern POLICY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern GENERATED_ID = Pattern.compile("policy(\\d+)");

    private final BundleSource source;
    private final AuthorizationEngine engine;
    private final boolean cache;
    private final List<BundleProblem> problems = new ArrayList<>();

    BundleCompiler(BundleSource source, AuthorizationEngine engine, boolean cache) {
        this.source = source;
        this.engine = engine;
        this.cache = cache;
    }

    PolicyBundle.Compiled compile() {
        Optional<BundleManifest> manifest = manifest();
        Optional<Schema> schema = schema();
        Map<String, String> policyFiles = new LinkedHashMap<>();
        Map<String, Policy> policies = policies(policyFiles);
        Map<EntityUID, Entity> entities = entities(schema);
        Optional<Map<String, Object>> schemaJson = schema.flatMap(BundleCompiler::json);
        Map<EntityUID, Map<String, Boolean>> contexts = schemaJson.map(ContextDeclarations::of).orElse(Map.of());
        Map<EntityUID, String> inputTypes = schemaJson.map(json -> ContextDeclarations.attributeTypes(json, ToolContext.INPUT))
                .orElse(Map.of());
        EntityTypeName principalType = null;
        EntityTypeName groupType = null;
        if (manifest.isPresent()) {
            principalType = entityType(manifest.get().principalType(), "principal type");
            groupType = entityType(manifest.get().groupType(), "principal groupType");
            for (Route r : manifest.get().routes()) {
                checkRoute(r, contexts);
            }
            if (manifest.get().functionType() != null) {
                entityType(manifest.get().functionType(), "principal functionType");
            }
            for (Hop h : manifest.get().hops()) {
                if (EntityUID.parse(h.action()).isEmpty()) {
                    problems.add(BundleProblem.inFile(BundleSource.MANIFEST,
                            "hop \"" + h.key() + "\": action is not a Cedar entity UID: " + h.action()));
                }
                entityType(h.resourceType(), "hop \"" + h.key() + "\" resource type");
            }
            Set<EntityUID> declaredActions = new HashSet<>();
            schemaJson.ifPresent(json -> ActionId.forEachIn(json, (namespace, action, declaration) ->
                    action.uid().ifPresent(declaredActions::add)));
            for (Tool t : manifest.get().tools()) {
                checkTool(t, schemaJson.isPresent() ? declaredActions : null, contexts, inputTypes);
                entityType(t.resourceType(), "tool \"" + t.name() + "\" resource type");
            }
        }
        PolicySet policySet = new PolicySet(new LinkedHashSet<>(policies.values()));
        if (schema.isPresent() && !policies.isEmpty()) {
            validate(schema.get(), policySet, policyFiles);
        }
        if (policies.isEmpty() && source.pathsUnder(BundleSource.POLICIES_DIR, ".cedar").isEmpty()) {
            problems.add(BundleProblem.inFile(BundleSource.POLICIES_DIR, "no policies (*.cedar) in the bundle"));
        }
        if (!problems.isEmpty() || manifest.isEmpty() || schema.isEmpty()) {
            return new PolicyBundle.Compiled(Optional.empty(), problems);
        }
        Consumer<PolicySet> cachePolicies = cache ? BundleCompiler::cache : set -> { };
        if (cache) {
            cache(schema.get());
        }
        cachePolicies.accept(policySet);
        Optional<Map<Policy, Map<String, Object>>> json = PolicyJson.of(policySet.policies);
        PolicySlice slice = PolicySlice.of(policySet, schemaJson, json, cachePolicies);
        return new PolicyBundle.Compiled(Optional.of(new PolicyBundle(source, manifest.get(), schema.get(), slice,
                PolicyReads.of(json), ActionContext.forActions(contexts, slice, json), policyFiles, entities,
                principalType, groupType)), problems);
    }

    private Optional<BundleManifest> manifest() {
        Optional<byte[]> bytes = source.bytes(BundleSource.MANIFEST);
        if (bytes.isEmpty()) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST, "missing"));
            return Optional.empty();
        }
        try {
            return Optional.of(BundleManifest.parse(bytes.get()));
        } catch (IOException e) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST, e.getMessage()));
            return Optional.empty();
        }
    }

    private Optional<Schema> schema() {
        Optional<String> cedar = source.text(BundleSource.SCHEMA_CEDAR);
        Optional<String> json = source.text(BundleSource.SCHEMA_JSON);
        if (cedar.isPresent() && json.isPresent()) {
            problems.add(BundleProblem.inFile(BundleSource.SCHEMA_CEDAR,
                    "a bundle has one schema: found both " + BundleSource.SCHEMA_CEDAR + " and " + BundleSource.SCHEMA_JSON));
            return Optional.empty();
        }
        if (cedar.isEmpty() && json.isEmpty()) {
            problems.add(BundleProblem.inFile(BundleSource.SCHEMA_CEDAR, "missing (or " + BundleSource.SCHEMA_JSON + ")"));
            return Optional.empty();
        }
        String file = cedar.isPresent() ? BundleSource.SCHEMA_CEDAR : BundleSource.SCHEMA_JSON;
        try {
            return Optional.of(Schema.parse(cedar.isPresent() ? Schema.JsonOrCedar.Cedar : Schema.JsonOrCedar.Json,
                    cedar.orElseGet(json::get)));
        } catch (InternalException | RuntimeException e) {
            problems.add(BundleProblem.inFile(file, "schema does not parse: " + clean(e.getMessage())));
            return Optional.empty();
        }
    }

    /** Each file may hold several policies; each gets its {@code @id} or {@code <file-stem>.<n>}. */
    private Map<String, Policy> policies(Map<String, String> policyFiles) {
        Map<String, Policy> out = new LinkedHashMap<>();
        for (String file : source.pathsUnder(BundleSource.POLICIES_DIR, ".cedar")) {
            String text = source.text(file).orElseThrow();
            PolicySet parsed;
            try {
                parsed = PolicySet.parsePolicies(text);
            } catch (InternalException | RuntimeException e) {
                problems.add(BundleProblem.inFile(file, "does not parse: " + clean(e.getMessage())));
                continue;
            }
            if (!parsed.templates.isEmpty()) {
                problems.add(BundleProblem.inFile(file, "policy templates are not supported in bundles"));
            }
            String stem = file.substring(BundleSource.POLICIES_DIR.length(), file.length() - ".cedar".length())
                    .replace('/', '.');
            List<Policy> inOrder = new ArrayList<>(parsed.policies);
            inOrder.sort(Comparator.comparingInt(BundleCompiler::generatedIndex));
            int n = 0;
            for (Policy p : inOrder) {
                String id = stem + "." + n++;
                try {
                    String annotated = p.getAnnotations().get("id");
                    if (annotated != null) {
                        id = annotated;
                    }
                } catch (InternalException e) {
                    problems.add(BundleProblem.inPolicy(file, id, "annotations unreadable: " + clean(e.getMessage())));
                }
                if (!POLICY_ID.matcher(id).matches()) {
                    problems.add(BundleProblem.inPolicy(file, id,
                            "policy id must be 1-128 of letters, digits and . _ : - (starting with a letter or digit)"));
                    continue;
                }
                if (out.containsKey(id)) {
                    problems.add(BundleProblem.inPolicy(file, id, "duplicate policy id (also in " + policyFiles.get(id) + ")"));
                    continue;
                }
                out.put(id, new Policy(p.getSource(), id));
                policyFiles.put(id, file);
            }
        }
        return out;
    }

    private void validate(Schema schema, PolicySet policySet, Map<String, String> policyFiles) {
        ValidationResponse response;
        try {
            response = engine.validate(new ValidationRequest(schema, policySet));
        } catch (AuthException | RuntimeException e) {
            problems.add(BundleProblem.inFile(BundleSource.POLICIES_DIR, "validation failed to run: " + clean(e.getMessage())));
            return;
        }
        if (response.success.isEmpty()) {
            response.errors.ifPresent(errs -> errs.forEach(err -> problems.add(
                    BundleProblem.inFile(BundleSource.POLICIES_DIR, "validation refused: " + PolicyBundle.message(err)))));
            return;
        }
        // Warnings count as failures too: a policy Cedar can prove never applies is a bug in a bundle.
        List<ValidationResponse.ValidationError> found = new ArrayList<>(response.success.get().validationErrors);
        found.addAll(response.success.get().validationWarnings);
        for (ValidationResponse.ValidationError err : found) {
            String id = err.getPolicyId();
            String file = policyFiles.getOrDefault(id, BundleSource.POLICIES_DIR);
            problems.add(BundleProblem.inPolicy(file, id, withLine(file, id, policySet, err.getError())));
        }
    }

    private Map<EntityUID, Entity> entities(Optional<Schema> schema) {
        Optional<String> text = source.text(BundleSource.ENTITIES);
        if (text.isEmpty()) {
            return Map.of();
        }
        Set<Entity> parsed;
        try {
            parsed = Entities.parse(text.get()).getEntities();
        } catch (IOException | RuntimeException e) {
            problems.add(BundleProblem.inFile(BundleSource.ENTITIES, "does not parse: " + clean(e.getMessage())));
            return Map.of();
        }
        if (schema.isPresent()) {
            try {
                engine.validateEntities(new EntityValidationRequest(schema.get(), new ArrayList<>(parsed)));
            } catch (AuthException | RuntimeException e) {
                problems.add(BundleProblem.inFile(BundleSource.ENTITIES, "does not fit the schema: " + clean(e.getMessage())));
            }
        }
        Map<EntityUID, Entity> out = new LinkedHashMap<>();
        for (Entity e : parsed) {
            if (out.put(e.getEUID(), e) != null) {
                problems.add(BundleProblem.inFile(BundleSource.ENTITIES, "entity " + e.getEUID() + " defined twice"));
            }
        }
        return out;
    }

    /**
     * A tool's action must be one the schema declares, with the call's arguments typed in its
     * context ({@code input}) as a record, as they arrive (a JSON object): else every call of the
     * tool would be refused, at the issuer, as {@code BAD_REQUEST}. {@code declaredActions} null:
     * the schema's actions cannot be read.
     */
    private void checkTool(Tool t, Set<EntityUID> declaredActions, Map<EntityUID, Map<String, Boolean>> contexts,
                           Map<EntityUID, String> inputTypes) {
        String tool = "tool \"" + t.name() + "\": ";
        Optional<EntityUID> action = EntityUID.parse(t.action());
        if (action.isEmpty()) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST, tool + "action is not a Cedar entity UID: " + t.action()));
            return;
        }
        if (declaredActions != null && !declaredActions.contains(action.get())) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST, tool + "action " + t.action()
                    + " is not declared in the schema"));
            return;
        }
        Map<String, Boolean> declared = contexts.get(action.get());
        if (declared != null && !declared.containsKey(ToolContext.INPUT)) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST, tool + "the schema types no arguments for " + t.action()
                    + ": its context declares no \"" + ToolContext.INPUT + "\" (it declares: "
                    + String.join(", ", new TreeSet<>(declared.keySet())) + ")"));
            return;
        }
        String inputType = inputTypes.get(action.get());
        if (inputType != null && !inputType.equals("Record")) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST, tool + "the schema types its arguments (\""
                    + ToolContext.INPUT + "\" in the context of " + t.action() + ") as " + inputType
                    + ": a tool's arguments are a JSON object, so \"" + ToolContext.INPUT + "\" must be a record of them"));
        }
    }

    private void checkRoute(Route r, Map<EntityUID, Map<String, Boolean>> contexts) {
        Optional<EntityUID> action = EntityUID.parse(r.action());
        if (action.isEmpty()) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST,
                    "route \"" + r.key() + "\": action is not a Cedar entity UID: " + r.action()));
        }
        entityType(r.resourceType(), "route \"" + r.key() + "\" resource type");
        // Evaluation leaves out what the action's context does not declare: an input it does not
        // declare would be read from every request and then never reach a policy.
        Map<String, Boolean> declared = action.map(contexts::get).orElse(null);
        if (declared != null) {
            r.contextInputs().forEach((input, from) -> {
                if (!declared.containsKey(input)) {
                    problems.add(BundleProblem.inFile(BundleSource.MANIFEST, "route \"" + r.key() + "\": context input \""
                            + input + "\" is not in the context the schema declares for " + r.action()
                            + " (" + String.join(", ", new TreeSet<>(declared.keySet())) + ")"));
                } else if (from.optional() && declared.get(input)) {
                    // Cedar refuses a request that lacks a required attribute: every request
                    // without the input would be refused, never decided.
                    problems.add(BundleProblem.inFile(BundleSource.MANIFEST, "route \"" + r.key() + "\": context input \""
                            + input + "\" is optional, but the schema declares it required for " + r.action()
                            + " (declare it \"" + input + "?\")"));
                }
            });
        }
    }

    /** The schema in Cedar's JSON form, as plain maps; empty when Cedar cannot show it. */
    private static Optional<Map<String, Object>> json(Schema schema) {
        try {
            return Optional.of(Json.parseObject(schema.toJsonFormat().toString()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private EntityTypeName entityType(String name, String what) {
        Optional<EntityTypeName> t = EntityTypeName.parse(name);
        if (t.isEmpty()) {
            problems.add(BundleProblem.inFile(BundleSource.MANIFEST, what + " is not a Cedar entity type: " + name));
            return null;
        }
        return t.get();
    }

    private String withLine(String file, String id, PolicySet set, DetailedError error) {
        String msg = PolicyBundle.message(error);
        Optional<String> src = set.policies.stream().filter(p -> p.getID().equals(id)).map(Policy::getSource).findFirst();
        Optional<String> fileText = source.text(file);
        if (src.isEmpty() || fileText.isEmpty() || error.sourceLocations.isEmpty()) {
            return msg;
        }
        int at = fileText.get().indexOf(src.get());
        if (at < 0) {
            return msg;
        }
        int offset = at + error.sourceLocations.get(0).start;
        int line = 1;
        for (int i = 0; i < offset && i < fileText.get().length(); i++) {
            if (fileText.get().charAt(i) == '\n') {
                line++;
            }
        }
        return "line " + line + ": " + msg;
    }

    // Speed only (INTEGRATION.md: ~454 us uncached, ~77 us cached); an uncached set or schema still
    // decides correctly: evaluation falls back to sending it with each request.
    private static void cache(PolicySet policySet) {
        try {
            policySet.cache();
        } catch (RuntimeException | com.cedarpolicy.model.exception.CacheException e) {
            // sent with each request instead
        }
    }

    private static void cache(Schema schema) {
        try {
            schema.cache();
        } catch (RuntimeException | com.cedarpolicy.model.exception.CacheException e) {
            // sent with each request instead
        }
    }

    private static int generatedIndex(Policy p) {
        var m = GENERATED_ID.matcher(p.getID());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    private static String clean(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.replace("Auth Exception: ", "").replace("Internal error: ", "").replace("Internal JNI Error: ", "").trim();
    }
}
