package dev.writ.cli.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code writ assess} in-process and reads its JSON. */
final class AssessRun {
    static final Path TEMPLATES = Path.of("src", "test", "resources", "assess");

    private AssessRun() {
    }

    static Path template(String name) {
        return TEMPLATES.resolve(name);
    }

    static CliRun run(Object... args) {
        List<String> all = new ArrayList<>(List.of("assess"));
        for (Object a : args) {
            all.add(a.toString());
        }
        return CliRun.of(all.toArray(String[]::new));
    }

    /** {@code writ assess --format json} on a template; fails unless it exits 0. */
    static Map<String, Object> json(Object template, Object... more) {
        List<Object> args = new ArrayList<>(List.of(template, "--format", "json"));
        args.addAll(List.of(more));
        CliRun r = run(args.toArray());
        assertThat(r.code()).as(r.err()).isZero();
        return Json.parseObject(r.out());
    }

    /** A copy of a test template with each {@code from} replaced by its {@code to} (each must occur). */
    static Path variant(Path dir, String name, String... fromTo) throws IOException {
        String text = Files.readString(template(name));
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).as("the template to change").contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        Path out = dir.resolve(name);
        Files.writeString(out, text);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> function(Map<String, Object> report, String logicalId) {
        return ((List<Map<String, Object>>) report.get("functions")).stream().filter(f -> f.get("logicalId").equals(logicalId))
                .findFirst().orElseThrow(() -> new AssertionError("no function " + logicalId + " in " + report.get("functions")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stack(Map<String, Object> report) {
        return (Map<String, Object>) report.get("stack");
    }

    static int level(Map<String, Object> levelled) {
        return ((Number) levelled.get("level")).intValue();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    /** The texts of the evidence missing for one level of a function or the stack. */
    static List<String> missing(Map<String, Object> levelled, int level) {
        return list(list(levelled, "levels").get(level - 1), "missing").stream().map(c -> (String) c.get("text")).toList();
    }
}
