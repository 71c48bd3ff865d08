package dev.writ.cli.assess;

/** One resource of a template: its logical id, type, properties, the whole declaration and its line. */
record Resource(String logicalId, String type, Mapping properties, Mapping declaration) {

    int line() {
        return declaration.line();
    }

    /** A property, or null. */
    Object property(String name) {
        return properties.get(name);
    }

    /** The line of a property (or of the resource when it has none). */
    int lineOf(String property) {
        return properties.containsKey(property) ? properties.lineOf(property) : line();
    }
}
