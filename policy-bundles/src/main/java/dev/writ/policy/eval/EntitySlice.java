package dev.writ.policy.eval;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import dev.writ.guard.json.Json;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bundle's static entities one request needs. cedar-java parses, checks against the schema and
 * closes over every entity it is sent, on every call (about 10 µs each here), so sending the whole
 * store would make each decision slower as a bundle grows.
 *
 * <p>Cedar reads an entity's record (attributes, tags, ancestors) only when that entity is itself
 * evaluated: the left side of {@code in}, or the target of an attribute or tag. A static entity can
 * be evaluated only if it is the request's resource, appears in a policy condition (the entity of a
 * scope, {@code principal in Group::"x"}, is only ever the right side), or is held in an attribute
 * or tag of an entity that is sent; and the principal's groups need their ancestors for the
 * transitive closure. Sending those, each with everything it reaches, gives the same decision,
 * reasons and errors as the whole store ({@code EntitySliceTest} compares the two).
 */
final class EntitySlice {
    private final Map<EntityUID, Entity> entities;
    private final Map<EntityUID, Set<Entity>> reach = new HashMap<>();
    private final Set<Entity> always;

    private EntitySlice(Map<EntityUID, Entity> entities, Set<EntityUID> namedInConditions) {
        this.entities = entities;
        for (EntityUID uid : entities.keySet()) {
            reach.put(uid, Set.copyOf(reachable(List.of(uid))));
        }
        this.always = Set.copyOf(reachable(namedInConditions));
    }

    /** The slice for a bundle's entities and policies; a policy Cedar cannot show as JSON keeps every entity in. */
    static EntitySlice of(Map<EntityUID, Entity> entities, Collection<Policy> policies) {
        Set<EntityUID> named = new LinkedHashSet<>();
        for (Policy policy : policies) {
            try {
                Object conditions = Json.parseObject(policy.toJson()).get("conditions");
                entitiesInJson(conditions, named);
            } catch (InternalException | RuntimeException e) {
                return new EntitySlice(entities, entities.keySet());
            }
        }
        return new EntitySlice(entities, named);
    }

    /** The static entities to send with a request from a principal in these groups, on this resource. */
    Set<Entity> forRequest(Collection<EntityUID> groups, EntityUID resource) {
        Set<Entity> out = new LinkedHashSet<>(always);
        for (EntityUID group : groups) {
            out.addAll(reach.getOrDefault(group, Set.of()));
        }
        out.addAll(reach.getOrDefault(resource, Set.of()));
        return out;
    }

    /** Static entities reached from {@code start} through parents and entity-valued attributes and tags. */
    private Set<Entity> reachable(Collection<EntityUID> start) {
        Set<Entity> out = new LinkedHashSet<>();
        Deque<EntityUID> todo = new ArrayDeque<>(start);
        Set<EntityUID> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            EntityUID uid = todo.pop();
            Entity entity = entities.get(uid);
            if (!seen.add(uid) || entity == null) {
                continue;
            }
            out.add(entity);
            todo.addAll(entity.getParents());
            entity.attrs.values().forEach(v -> entitiesIn(v, todo));
            entity.getTags().values().forEach(v -> entitiesIn(v, todo));
        }
        return out;
    }

    private static void entitiesIn(Value value, Collection<EntityUID> into) {
        if (value instanceof EntityUID uid) {
            into.add(uid);
        } else if (value instanceof CedarList list) {
            list.forEach(v -> entitiesIn(v, into));
        } else if (value instanceof CedarMap map) {
            map.values().forEach(v -> entitiesIn(v, into));
        }
    }

    /** Every {@code {"__entity": {"type", "id"}}} in a policy's JSON (EST) condition. */
    private static void entitiesInJson(Object json, Collection<EntityUID> into) {
        if (json instanceof Map<?, ?> map) {
            if (map.get("__entity") instanceof Map<?, ?> ref && ref.get("type") instanceof String type
                    && ref.get("id") instanceof String id) {
                EntityTypeName.parse(type).ifPresentOrElse(t -> into.add(t.of(id)), () -> {
                    throw new IllegalArgumentException("entity type " + type);
                });
            }
            map.values().forEach(v -> entitiesInJson(v, into));
        } else if (json instanceof List<?> list) {
            list.forEach(v -> entitiesInJson(v, into));
        }
    }
}
