package dev.writ.policy.eval;

import com.cedarpolicy.value.EntityUID;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The context attributes each action of a schema declares, and whether each is required, read
 * from the schema's JSON form. A context written as a common type is followed to its record,
 * looked up as Cedar does: a qualified name in its namespace, an unqualified one in the action's
 * namespace or else in the empty one. An action whose context cannot be read this way, whose
 * context type name is defined in both of those namespaces, or that allows attributes beyond those
 * it declares is left out: it gets whatever the caller supplies, and Cedar judges it. Reading a
 * context wrongly could leave out an attribute a {@code forbid} reads, so doubt means "not read".
 */
final class ContextDeclarations {
    private static final int MAX_ALIASES = 16;
    /** Type kinds the schema's JSON form declares in place (not a name to look up). */
    private static final Set<String> DECLARED_KINDS = Set.of("Record", "Set", "Entity", "Extension");

    private ContextDeclarations() {
    }

    /** Each readable action's context attributes, each mapped to whether it is required. */
    static Map<EntityUID, Map<String, Boolean>> of(Map<String, Object> schemaJson) {
        Map<EntityUID, Map<String, Boolean>> out = new HashMap<>();
        ActionId.forEachIn(schemaJson, (namespace, action, declaration) -> {
            if (!(declaration instanceof Map<?, ?> d) || !(d.get("appliesTo") instanceof Map<?, ?> appliesTo)) {
                return;
            }
            // No context declared: Cedar's is the empty record.
            Map<String, Boolean> attributes = appliesTo.containsKey("context")
                    ? record(schemaJson, namespace, appliesTo.get("context"), 0) : Map.of();
            if (attributes != null) {
                action.uid().ifPresent(uid -> out.put(uid, attributes));
            }
        });
        return out;
    }

    /**
     * The type each readable action's context gives {@code attribute}, common-type names followed:
     * {@code Record}, or what it is instead (a primitive, {@code Set}, an entity or extension type's
     * name). Actions whose context or whose {@code attribute} cannot be read are left out.
     */
    static Map<EntityUID, String> attributeTypes(Map<String, Object> schemaJson, String attribute) {
        Map<EntityUID, String> out = new HashMap<>();
        ActionId.forEachIn(schemaJson, (namespace, action, declaration) -> {
            if (!(declaration instanceof Map<?, ?> d) || !(d.get("appliesTo") instanceof Map<?, ?> appliesTo)) {
                return;
            }
            Resolved context = resolve(schemaJson, namespace, appliesTo.get("context"), 0);
            if (context == null || !context.isRecord() || !(context.type().get("attributes") instanceof Map<?, ?> attributes)) {
                return;
            }
            Resolved type = resolve(schemaJson, context.namespace(), attributes.get(attribute), 0);
            if (type != null) {
                String name = !type.isRecord() && type.type() != null && type.type().get("name") instanceof String n ? n : type.name();
                action.uid().ifPresent(uid -> out.put(uid, name));
            }
        });
        return out;
    }

    /** A record type's attributes, following common-type names; null when it cannot be read. */
    private static Map<String, Boolean> record(Map<String, Object> schemaJson, String namespace, Object type, int aliases) {
        Resolved resolved = resolve(schemaJson, namespace, type, aliases);
        if (resolved == null || !resolved.isRecord() || Boolean.TRUE.equals(resolved.type().get("additionalAttributes"))) {
            return null;
        }
        Map<String, Boolean> out = new HashMap<>();
        if (resolved.type().get("attributes") instanceof Map<?, ?> attributes) {
            attributes.forEach((name, attr) -> out.put((String) name,
                    !(attr instanceof Map<?, ?> a) || !Boolean.FALSE.equals(a.get("required"))));
        }
        return Map.copyOf(out);
    }

    /**
     * A type as written in the schema ({@code type}: the declaration, or a name no common type
     * defines, with {@code type} null), in the namespace its names are looked up in.
     */
    private record Resolved(String namespace, Map<?, ?> type, String name) {
        boolean isRecord() {
            return type != null && "Record".equals(name);
        }
    }

    /** {@code type} with common-type names followed; null when it cannot be told what it names. */
    private static Resolved resolve(Map<String, Object> schemaJson, String namespace, Object type, int aliases) {
        if (!(type instanceof Map<?, ?> t) || !(t.get("type") instanceof String kind) || aliases > MAX_ALIASES) {
            return null;
        }
        if (DECLARED_KINDS.contains(kind)) {
            return new Resolved(namespace, t, kind);
        }
        String name = kind.equals("EntityOrCommon") && t.get("name") instanceof String n ? n : kind;
        int split = name.lastIndexOf("::");
        String in = split >= 0 ? name.substring(0, split) : namespace;
        String simple = split >= 0 ? name.substring(split + 2) : name;
        Object found = commonType(schemaJson, in, simple);
        if (split < 0 && !namespace.isEmpty() && commonType(schemaJson, "", simple) != null) {
            if (found != null) {
                // Cedar takes the action's namespace first; a misreading here could drop an
                // attribute a forbid reads, so a name both could mean is not read at all.
                return null;
            }
            in = "";
            found = commonType(schemaJson, in, simple);
        }
        return found == null ? new Resolved(in, null, name) : resolve(schemaJson, in, found, aliases + 1);
    }

    private static Object commonType(Map<String, Object> schemaJson, String namespace, String name) {
        return schemaJson.get(namespace) instanceof Map<?, ?> ns && ns.get("commonTypes") instanceof Map<?, ?> types
                ? types.get(name) : null;
    }
}
