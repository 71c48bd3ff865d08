package dev.writ.cli.assess;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A template as read: its resources by logical id (in order), SAM's {@code Globals}, and what the
 * physical ids of a deployed stack resolve to ({@link #byPhysicalId}), so a literal such as a real
 * table name or key ARN in a deployed function's environment points back at its resource.
 */
final class Template {
    private final String location;
    private final Mapping root;
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Map<String, String> physicalIds = new LinkedHashMap<>();

    private Template(String location, Mapping root) {
        this.location = location;
        this.root = root;
    }

    /**
     * Reads the text of a template; {@code location} names it in messages and reports.
     *
     * @throws TemplateException when it is not a template with at least one resource
     */
    static Template parse(String text, String location) {
        Template t = new Template(location, TemplateReader.read(text, location));
        Object resources = t.root.get("Resources");
        if (!(resources instanceof Mapping rs) || rs.isEmpty()) {
            throw new TemplateException(location + ": no Resources: not a CloudFormation or SAM template");
        }
        for (Map.Entry<String, Object> e : rs.entrySet()) {
            if (!(e.getValue() instanceof Mapping declaration)) {
                throw new TemplateException(location + ": line " + rs.lineOf(e.getKey()) + ": resource " + e.getKey()
                        + " is " + TemplateReader.describe(e.getValue()) + ", not a mapping");
            }
            if (!(declaration.get("Type") instanceof String type) || type.isBlank()) {
                throw new TemplateException(location + ": line " + declaration.line() + ": resource " + e.getKey() + " has no Type");
            }
            Object props = declaration.get("Properties");
            if (props != null && !(props instanceof Mapping)) {
                throw new TemplateException(location + ": line " + declaration.lineOf("Properties") + ": Properties of "
                        + e.getKey() + " is " + TemplateReader.describe(props) + ", not a mapping");
            }
            Mapping properties = props == null ? new Mapping(declaration.line()) : (Mapping) props;
            t.resources.put(e.getKey(), new Resource(e.getKey(), type, properties, declaration));
        }
        return t;
    }

    String location() {
        return location;
    }

    Collection<Resource> resources() {
        return resources.values();
    }

    Optional<Resource> resource(String logicalId) {
        return Optional.ofNullable(logicalId == null ? null : resources.get(logicalId));
    }

    /** A SAM Globals section ({@code Function}, {@code Api}, {@code HttpApi}), or an empty mapping. */
    Mapping globals(String section) {
        return root.get("Globals") instanceof Mapping g && g.get(section) instanceof Mapping s ? s : new Mapping(0);
    }

    /** Whether {@code name} is a parameter of the template (a value deployers choose). */
    boolean isParameter(String name) {
        return root.get("Parameters") instanceof Mapping p && p.containsKey(name);
    }

    /** A parameter's declaration ({@code Default}, {@code MaxValue}...), or an empty mapping. */
    Mapping parameter(String name) {
        return root.get("Parameters") instanceof Mapping p ? Values.mapping(p.get(name)) : new Mapping(0);
    }

    /** Records a deployed resource's physical id. */
    void physicalId(String logicalId, String physicalId) {
        if (physicalId != null && !physicalId.isBlank()) {
            physicalIds.put(physicalId, logicalId);
        }
    }

    /** A deployed resource's physical id (a function's name), when the stack's were read. */
    Optional<String> physicalIdOf(String logicalId) {
        return physicalIds.entrySet().stream().filter(e -> e.getValue().equals(logicalId)).map(Map.Entry::getKey).findFirst();
    }

    /**
     * The resource a literal names in a deployed stack: its physical id, or an ARN ending in it
     * ({@code ...:table/NAME}, {@code ...:key/ID}, {@code ...:function:NAME}).
     */
    Optional<Resource> byPhysicalId(String literal) {
        if (literal == null) {
            return Optional.empty();
        }
        String id = physicalIds.get(literal);
        if (id == null) {
            for (Map.Entry<String, String> e : physicalIds.entrySet()) {
                String p = e.getKey();
                if (literal.endsWith("/" + p) || literal.endsWith(":" + p)) {
                    id = e.getValue();
                    break;
                }
            }
        }
        return resource(id);
    }
}
