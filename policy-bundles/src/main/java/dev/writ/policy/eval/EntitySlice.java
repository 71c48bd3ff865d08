package dev.writ.policy.eval;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
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
 * or tag of an entity that is sent. The principal's groups are only ever the right side of {@code
 * in}: the principal is given its groups and all their ancestors as parents, and the groups
 * themselves are not sent. Sending those entities, each with everything it reaches, gives the same
 * decision, reasons and errors as the whole store with the principal's groups as its only parents
 * ({@code EntitySliceTest} compares the two).
 */
final class EntitySlice {
    private final Map<EntityUID, Entity> entities;
    private final Map<EntityUID, Set<Entity>> reach = new HashMap<>();
    private final Map<EntityUID, Set<EntityUID>> ancestors = new HashMap<>();
    private final Set<Entity> always;

    private EntitySlice(Map<EntityUID, Entity> entities, Set<EntityUID> namedInConditions) {
        this.entities = entities;
        for (EntityUID uid : entities.keySet()) {
            reach.put(uid, Set.copyOf(reachable(List.of(uid))));
            ancestors.put(uid, Set.copyOf(ancestors(uid)));
        }
        this.always = Set.copyOf(reachable(namedInConditions));
    }

    /** The slice for a bundle's entities, given what its policies read. */
    static EntitySlice of(Map<EntityUID, Entity> entities, PolicyReads reads) {
        Set<EntityUID> named = reads.namedEntities();
        return new EntitySlice(entities, named == null ? entities.keySet() : named);
    }

    /** The principal's parents: its groups with every ancestor of theirs in the store (a new set). */
    Set<EntityUID> principalParents(Collection<EntityUID> groups) {
        Set<EntityUID> out = new HashSet<>(groups);
        for (EntityUID group : groups) {
            out.addAll(ancestors.getOrDefault(group, Set.of()));
        }
        return out;
    }

    /** Every static entity of the bundle. */
    Collection<Entity> whole() {
        return entities.values();
    }

    /** The static entities to send with a request on this resource (a new set). */
    Set<Entity> forRequest(EntityUID resource) {
        Set<Entity> out = new LinkedHashSet<>(always);
        out.addAll(reach.getOrDefault(resource, Set.of()));
        return out;
    }

    private Set<EntityUID> ancestors(EntityUID uid) {
        Set<EntityUID> out = new HashSet<>();
        Deque<EntityUID> todo = new ArrayDeque<>(entities.get(uid).getParents());
        while (!todo.isEmpty()) {
            EntityUID next = todo.pop();
            if (out.add(next) && entities.containsKey(next)) {
                todo.addAll(entities.get(next).getParents());
            }
        }
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
}
