package dev.writ.cli.assess;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --format json}: the shape docs/schemas/assess.schema.json describes. */
final class JsonReport {
    static final int SCHEMA_VERSION = 1;

    private JsonReport() {
    }

    static String render(Assessment a, Integer requiredLevel) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schemaVersion", SCHEMA_VERSION);
        out.put("source", Map.of("kind", a.file() ? "template" : "stack", "location", a.location()));
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("level", a.stackLevel());
        stack.put("name", LevelReport.NAMES.get(a.stackLevel()));
        stack.put("requiredLevel", requiredLevel);
        stack.put("levels", levels(a.stackLevels()));
        out.put("stack", stack);
        out.put("functions", a.functions().stream().map(JsonReport::function).toList());
        out.put("lineageTables", a.lineageTables().stream().map(t -> ordered("logicalId", t.table().logicalId(), "line", t.table().line(),
                "protected", t.protectedFully(), "protections", checks(t.protections()))).toList());
        out.put("signingKeys", a.signingKeys().stream().map(k -> ordered("logicalId", k.key().logicalId(), "line", k.key().line(),
                "keySpec", k.keySpec(), "keyUsage", k.keyUsage(), "signsWrits", k.signs())).toList());
        out.put("authorizers", a.authorizers().stream().map(z -> ordered("name", z.name(), "api", z.api(), "function", z.function(),
                "writ", z.writ(), "cacheTtlSeconds", z.cacheTtl(), "setting", z.ttlSetting(), "cachingOff", z.cachingOff(),
                "identitySources", z.identitySources(), "line", z.line())).toList());
        out.put("notAssessed", a.notAssessed().stream().map(n -> ordered("logicalId", n.resource().logicalId(), "type", n.resource().type(),
                "line", n.resource().line(), "excluded", n.excluded())).toList());
        out.put("findings", Finding.of(a, requiredLevel).stream().map(f -> ordered("ruleId", f.rule().id(), "level", f.level(),
                "message", f.message(), "logicalId", f.logicalId(), "line", f.line())).toList());
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> function(FunctionReport r) {
        LambdaFunction f = r.function();
        return ordered("logicalId", f.logicalId(), "type", f.resource().type(), "line", f.resource().line(), "handler", f.handler(),
                "role", r.role(), "graded", r.graded(), "excluded", r.excluded(),
                "governance", ordered("mode", mode(r.governance().mode()), "evidence", r.governance().evidence()),
                "eventSources", r.paths().stream().map(p -> ordered("kind", p.source().kind(), "description", p.source().description(),
                        "carriesWrit", p.source().carriage().id(), "path", p.status().id(), "authorizer",
                        p.source().authorizer() == null ? null : p.source().authorizer().name(), "line", p.source().line())).toList(),
                "lineageTable", r.lineageTable(), "replayTable", r.replayTable(),
                "level", r.levels().isEmpty() ? null : r.level(), "levels", levels(r.levels()));
    }

    static String mode(Governance.Mode m) {
        return m.text().replace(' ', '-');
    }

    private static List<Map<String, Object>> levels(List<LevelReport> levels) {
        return levels.stream().map(l -> ordered("level", l.level(), "name", l.name(), "reached", l.reached(),
                "found", checks(l.checks().stream().filter(Check::found).toList()),
                "missing", checks(l.checks().stream().filter(c -> !c.found()).toList()))).toList();
    }

    private static List<Map<String, Object>> checks(List<Check> checks) {
        return checks.stream().map(c -> ordered("found", c.found(), "text", c.text(), "line", c.line())).toList();
    }

    /** A map in the order given: key, value, key, value... */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
