package dev.writ.cli.assess;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code --format sarif}: SARIF 2.1.0 for code scanning. Each finding points at the template file
 * (its path as given, relative to the directory the command ran in, i.e. the repository root in a
 * pipeline) and the line of the resource, event or property it is about.
 */
final class SarifReport {
    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private SarifReport() {
    }

    static String render(Assessment a, Integer requiredLevel, String version) {
        List<Finding.Rule> rules = Arrays.asList(Finding.Rule.values());
        List<Map<String, Object>> results = new ArrayList<>();
        for (Finding f : Finding.of(a, requiredLevel)) {
            Map<String, Object> location = JsonReport.ordered();
            if (a.file()) {
                Map<String, Object> physical = JsonReport.ordered("artifactLocation", artifact(a.location()));
                if (f.line() > 0) {
                    physical.put("region", Map.of("startLine", f.line()));
                }
                location.put("physicalLocation", physical);
            }
            location.put("logicalLocations", List.of(JsonReport.ordered("name", f.logicalId() == null ? a.location() : f.logicalId(),
                    "kind", f.logicalId() == null ? "module" : "resource")));
            results.add(JsonReport.ordered("ruleId", f.rule().id(), "ruleIndex", rules.indexOf(f.rule()), "level", f.level(),
                    "message", Map.of("text", f.message()), "locations", List.of(location)));
        }
        Map<String, Object> driver = JsonReport.ordered("name", "writ assess", "version", version, "rules", rules.stream()
                .map(r -> JsonReport.ordered("id", r.id(), "shortDescription", Map.of("text", r.description()),
                        "defaultConfiguration", Map.of("level", r.defaultLevel()))).toList());
        Map<String, Object> properties = JsonReport.ordered("stackLevel", a.stackLevel());
        if (requiredLevel != null) {
            properties.put("requiredLevel", requiredLevel);
        }
        Map<String, Object> run = JsonReport.ordered("tool", Map.of("driver", driver), "results", results, "properties", properties);
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(JsonReport.ordered("$schema", SCHEMA, "version", "2.1.0",
                    "runs", List.of(run)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A relative path as a URI reference under %SRCROOT% (what code scanning resolves against the checkout). */
    private static Map<String, Object> artifact(String location) {
        String path = location.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.startsWith("/")) {
            return Map.of("uri", java.nio.file.Path.of(location).toUri().toString());
        }
        return JsonReport.ordered("uri", encode(path), "uriBaseId", "%SRCROOT%");
    }

    private static String encode(String path) {
        try {
            return new java.net.URI(null, null, path, null).getRawPath();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("template path " + path + " is not a URI path", e);
        }
    }
}
