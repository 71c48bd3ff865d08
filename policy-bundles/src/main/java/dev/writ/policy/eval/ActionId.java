package dev.writ.policy.eval;

import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import java.util.Map;
import java.util.Optional;

/** An action's uid as a schema's and a policy's JSON forms write it: {@code Ns::Action} and an id. */
record ActionId(String type, String id) {

    /** What {@link #forEachIn} hands over for each action: its namespace, uid and declaration. */
    @FunctionalInterface
    interface Visitor {
        void visit(String namespace, ActionId action, Object declaration);
    }

    /** Each action a schema's JSON form declares, with its namespace ({@code ""}: the empty one). */
    static void forEachIn(Map<String, Object> schemaJson, Visitor visitor) {
        schemaJson.forEach((namespace, body) -> {
            if (body instanceof Map<?, ?> ns && ns.get("actions") instanceof Map<?, ?> actions) {
                String type = namespace.isEmpty() ? "Action" : namespace + "::Action";
                actions.forEach((id, declaration) -> visitor.visit(namespace, new ActionId(type, (String) id), declaration));
            }
        });
    }

    /** The uid Cedar knows this action by; empty when the type is not a Cedar name. */
    Optional<EntityUID> uid() {
        return EntityTypeName.parse(type).map(t -> t.of(id));
    }
}
