package dev.writ.policy.eval;

import com.cedarpolicy.value.EntityUID;
import java.util.HashMap;
import java.util.Map;

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

    /** A record type's attributes, following common-type names; null when it cannot be read. */
    private static Map<String, Boolean> record(Map<String, Object> schemaJson, String namespace, Object type, int aliases) {
        if (!(type instanceof Map<?, ?> t) || !(t.get("type") instanceof String kind) || aliases > MAX_ALIASES) {
            return null;
        }
        if (kind.equals("Record")) {
            if (Boolean.TRUE.equals(t.get("additionalAttributes"))) {
                return null;
            }
            Map<String, Boolean> out = new HashMap<>();
            if (t.get("attributes") instanceof Map<?, ?> attributes) {
                attributes.forEach((name, attr) -> out.put((String) name,
                        !(attr instanceof Map<?, ?> a) || !Boolean.FALSE.equals(a.get("required"))));
            }
            return Map.copyOf(out);
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
        return found == null ? null : record(schemaJson, in, found, aliases + 1);
    }

    private static Object commonType(Map<String, Object> schemaJson, String namespace, String name) {
        return schemaJson.get(namespace) instanceof Map<?, ?> ns && ns.get("commonTypes") instanceof Map<?, ?> types
                ? types.get(name) : null;
    }
}
