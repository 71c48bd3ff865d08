package dev.writ.cli.assess;

import java.util.List;
import java.util.stream.Collectors;

/** The default output: what a person reads in a terminal or a CI log. */
final class TableReport {
    private TableReport() {
    }

    static String render(Assessment a, Integer requiredLevel) {
        StringBuilder out = new StringBuilder();
        int level = a.stackLevel();
        out.append("writ assess ").append(a.location()).append('\n');
        out.append("stack: L").append(level).append(' ').append(LevelReport.NAMES.get(level));
        if (requiredLevel != null) {
            out.append(level < requiredLevel ? "  BELOW the required L" : "  (required L").append(requiredLevel).append(level < requiredLevel ? "" : ")");
        }
        out.append("\n\n");
        List<FunctionReport> fs = a.functions();
        int w = Math.max(8, fs.stream().mapToInt(r -> r.function().logicalId().length()).max().orElse(8));
        out.append(String.format("%-" + w + "s  %-5s  %-17s  %-23s  %s%n", "FUNCTION", "LEVEL", "GUARD", "ROLE", "EVENT SOURCES"));
        for (FunctionReport r : fs) {
            String lvl = r.levels().isEmpty() ? "-" : "L" + r.level();
            String role = r.role() + (r.excluded() ? " (excluded)" : "");
            List<PathReport> paths = r.paths();
            String first = paths.isEmpty() ? "(none in the template)" : path(paths.get(0));
            out.append(String.format("%-" + w + "s  %-5s  %-17s  %-23s  %s%n", r.function().logicalId(), lvl, r.governance().mode().text(), role, first));
            for (PathReport p : paths.subList(Math.min(1, paths.size()), paths.size())) {
                out.append(String.format("%-" + w + "s  %-5s  %-17s  %-23s  %s%n", "", "", "", "", path(p)));
            }
        }
        out.append("\nstack levels:\n");
        a.stackLevels().forEach(l -> level(out, l));
        for (FunctionReport r : fs) {
            if (r.levels().isEmpty()) {
                continue;
            }
            out.append('\n').append(r.function().logicalId()).append(": L").append(r.level()).append(" (guard: ")
                    .append(r.governance().evidence()).append(")\n");
            r.levels().stream().filter(l -> l.level() == r.level() + 1).forEach(l -> level(out, l));
        }
        if (!a.lineageTables().isEmpty()) {
            out.append("\nlineage tables:\n");
            a.lineageTables().forEach(t -> out.append("  ").append(t.table().logicalId()).append(": ").append(t.protections().stream()
                    .map(c -> (c.found() ? "+ " : "- ") + c.text().substring(c.text().indexOf(':') + 2)).collect(Collectors.joining("; "))).append('\n'));
        }
        if (!a.signingKeys().isEmpty()) {
            out.append("\nKMS keys:\n");
            a.signingKeys().forEach(k -> out.append("  ").append(k.key().logicalId()).append(": ").append(k.keySpec()).append(' ')
                    .append(k.keyUsage()).append(k.signs() ? " (can sign writs and checkpoints)" : "").append('\n'));
        }
        if (!a.authorizers().isEmpty()) {
            out.append("\nauthorizers:\n");
            a.authorizers().forEach(z -> out.append("  ").append(z.name()).append(" on ").append(z.api()).append(" -> ")
                    .append(z.function() == null ? "a function outside the template" : z.function()).append(z.writ() ? " (Writ's)" : " (not Writ's)")
                    .append(", ").append(z.cachingOff() ? "does not cache" : "MAY CACHE").append(" (").append(z.ttlSetting()).append(")\n"));
        }
        if (!a.notAssessed().isEmpty()) {
            out.append("\nnot assessed (nothing in them counts as governed):\n");
            a.notAssessed().forEach(n -> out.append("  ").append(n.resource().logicalId()).append(" (").append(n.resource().type())
                    .append(", line ").append(n.resource().line()).append(')').append(n.excluded() ? " excluded by --exclude" : "").append('\n'));
        }
        return out.toString();
    }

    private static String path(PathReport p) {
        return p.source().description() + " [" + p.status().id() + (p.source().carriage() == Carriage.NEEDS_EXCHANGE
                ? "; " + Carriage.NEEDS_EXCHANGE.text() : "") + "]";
    }

    private static void level(StringBuilder out, LevelReport l) {
        out.append("  L").append(l.level()).append(' ').append(l.name()).append(": ").append(l.reached() ? "reached" : "not reached").append('\n');
        l.checks().forEach(c -> out.append("      ").append(c.found() ? "+ " : "- ").append(c.text())
                .append(c.line() > 0 ? " (line " + c.line() + ")" : "").append('\n'));
    }
}
