package dev.writ.cli.assess;

import dev.writ.cli.TerminalText;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The default output: what a person reads in a terminal or a CI log. Every line is written through
 * {@link #line}, which escapes control characters: names, values and ARNs come from the template or
 * the deployed stack, and must neither drive the terminal nor start a line of their own.
 */
final class TableReport {
    private TableReport() {
    }

    static String render(Assessment a, Integer requiredLevel) {
        StringBuilder out = new StringBuilder();
        int level = a.stackLevel();
        line(out, "writ assess " + a.location());
        line(out, "stack: L" + level + ' ' + LevelReport.NAMES.get(level) + (requiredLevel == null ? ""
                : level < requiredLevel ? "  BELOW the required L" + requiredLevel : "  (required L" + requiredLevel + ")"));
        line(out, "");
        List<FunctionReport> fs = a.functions();
        int w = Math.max(8, fs.stream().mapToInt(r -> r.function().logicalId().length()).max().orElse(8));
        line(out, String.format("%-" + w + "s  %-5s  %-17s  %-23s  %s", "FUNCTION", "LEVEL", "GUARD", "ROLE", "EVENT SOURCES"));
        for (FunctionReport r : fs) {
            String lvl = r.levels().isEmpty() ? "-" : "L" + r.level();
            String role = r.role() + (r.excluded() ? " (excluded)" : "");
            List<PathReport> paths = r.paths();
            String first = paths.isEmpty() ? "(none in the template)" : path(paths.get(0));
            line(out, String.format("%-" + w + "s  %-5s  %-17s  %-23s  %s", r.function().logicalId(), lvl, r.governance().mode().text(), role, first));
            for (PathReport p : paths.subList(Math.min(1, paths.size()), paths.size())) {
                line(out, String.format("%-" + w + "s  %-5s  %-17s  %-23s  %s", "", "", "", "", path(p)));
            }
        }
        line(out, "");
        line(out, "stack levels:");
        a.stackLevels().forEach(l -> level(out, l));
        for (FunctionReport r : fs) {
            if (r.levels().isEmpty()) {
                continue;
            }
            line(out, "");
            line(out, r.function().logicalId() + ": L" + r.level() + " (guard: " + r.governance().evidence() + ")");
            r.levels().stream().filter(l -> l.level() == r.level() + 1).forEach(l -> level(out, l));
        }
        if (!a.lineageTables().isEmpty()) {
            line(out, "");
            line(out, "lineage tables:");
            a.lineageTables().forEach(t -> line(out, "  " + t.table().logicalId() + ": " + t.protections().stream()
                    .map(c -> (c.found() ? "+ " : "- ") + c.text().substring(c.text().indexOf(':') + 2)).collect(Collectors.joining("; "))));
        }
        if (!a.signingKeys().isEmpty()) {
            line(out, "");
            line(out, "KMS keys:");
            a.signingKeys().forEach(k -> line(out, "  " + k.key().logicalId() + ": " + k.keySpec() + ' ' + k.keyUsage()
                    + (k.signs() ? " (can sign writs and checkpoints)" : "")));
        }
        if (!a.authorizers().isEmpty()) {
            line(out, "");
            line(out, "authorizers:");
            a.authorizers().forEach(z -> line(out, "  " + z.name() + " on " + z.api() + " -> "
                    + (z.function() == null ? "a function outside the template" : z.function()) + (z.writ() ? " (Writ's)" : " (not Writ's)")
                    + ", " + (z.cachingOff() ? "does not cache" : "MAY CACHE") + " (" + z.ttlSetting() + ")"));
        }
        if (!a.exchangeGrants().isEmpty()) {
            line(out, "");
            line(out, "direct invocations of an exchange (its caller can be forged):");
            a.exchangeGrants().forEach(g -> line(out, "  " + g.message() + " (line " + g.line() + ')'));
        }
        if (!a.notAssessed().isEmpty()) {
            line(out, "");
            line(out, "not assessed (nothing in them counts as governed):");
            a.notAssessed().forEach(n -> line(out, "  " + n.resource().logicalId() + " (" + n.resource().type() + ", line "
                    + n.resource().line() + ')' + (n.excluded() ? " excluded by --exclude" : "")));
        }
        return out.toString();
    }

    private static String path(PathReport p) {
        return p.source().description() + " [" + p.status().id() + (p.source().carriage() == Carriage.NEEDS_EXCHANGE
                ? "; " + Carriage.NEEDS_EXCHANGE.text() : "") + "]";
    }

    private static void level(StringBuilder out, LevelReport l) {
        line(out, "  L" + l.level() + ' ' + l.name() + ": " + (l.reached() ? "reached" : "not reached"));
        l.checks().forEach(c -> line(out, "      " + (c.found() ? "+ " : "- ") + c.text() + (c.line() > 0 ? " (line " + c.line() + ")" : "")));
    }

    /** One line of output, its control characters escaped (a newline inside a value among them). */
    private static void line(StringBuilder out, String text) {
        out.append(TerminalText.escaped(text)).append('\n');
    }
}
