package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One result for code scanning: a rule, a SARIF level (error, warning, note), a message and where. */
record Finding(Rule rule, String level, String message, String logicalId, int line) {

    /** The rules writ assess reports; their ids are stable (CI suppressions name them). */
    enum Rule {
        UNGOVERNED_PATH("ungoverned-path", "error", "An event source runs a function with no authorization decision."),
        GUARD_BYPASS("guard-bypass", "error", "A function set up for the guard has a setting that can run other code before or instead of it"
                + " (a runtime other than Java, a container image, an exec wrapper, JVM options that load code): it is not governed."),
        AUTHORIZED_UNENFORCED("authorized-unenforced", "warning",
                "Writ's authorizer decides before the function runs, but the function does not verify the writ."),
        DENIED_PATH("denied-path", "warning", "A guarded function is reached by an event source that cannot carry a writ: the guard refuses every invocation from it."),
        AUTHORIZER_CACHING("authorizer-caching", "error", "Writ's authorizer may cache its answer: a cached writ can answer a request it was not minted for."),
        EXCHANGE_DIRECT_INVOKE("exchange-direct-invoke", "error", "A policy or permission lets a principal invoke a Writ exchange directly, not"
                + " through its function URL: the invoker writes the event, and with it the caller the exchange trusts."),
        LINEAGE_PROTECTION("lineage-protection", "warning", "A lineage table lacks a protection (PITR, deletion protection, retention, append-only)."),
        NOT_ASSESSED("not-assessed", "warning", "A resource of a type writ assess does not understand: nothing in it counts as governed."),
        FUNCTION_LEVEL("function-level", "note", "The maturity level a function reaches, and what the next level needs."),
        STACK_LEVEL("stack-level", "note", "The maturity level the stack reaches.");

        private final String id;
        private final String defaultLevel;
        private final String description;

        Rule(String id, String defaultLevel, String description) {
            this.id = id;
            this.defaultLevel = defaultLevel;
            this.description = description;
        }

        String id() {
            return id;
        }

        String defaultLevel() {
            return defaultLevel;
        }

        String description() {
            return description;
        }
    }

    /**
     * Every finding of an assessment; {@code requiredLevel} (or null) makes the stack's level an error
     * when it is below it.
     */
    static List<Finding> of(Assessment a, Integer requiredLevel) {
        List<Finding> out = new ArrayList<>();
        for (FunctionReport f : a.functions()) {
            String id = f.function().logicalId();
            Governance.Bypass bypass = f.governance().bypass();
            if (bypass != null) {
                out.add(new Finding(Rule.GUARD_BYPASS, "error", id + ": " + bypass.reason(), id, bypass.line()));
            }
            for (PathReport p : f.paths()) {
                String where = id + ": " + p.source().description() + " (" + p.source().carriage().text() + "): ";
                switch (p.status()) {
                    case UNGOVERNED -> out.add(new Finding(Rule.UNGOVERNED_PATH, "error", where + p.status().meaning(), id, p.source().line()));
                    case AUTHORIZED_UNENFORCED -> out.add(new Finding(Rule.AUTHORIZED_UNENFORCED, "warning", where + p.status().meaning(), id, p.source().line()));
                    case DENIED -> out.add(new Finding(Rule.DENIED_PATH, "warning", where + p.status().meaning(), id, p.source().line()));
                    default -> {
                    }
                }
            }
            if (!f.levels().isEmpty()) {
                out.add(new Finding(Rule.FUNCTION_LEVEL, "note", functionLevel(f), id, f.function().resource().line()));
            }
        }
        for (Authorizer z : a.authorizers()) {
            if (z.writ() && !z.cachingOff()) {
                out.add(new Finding(Rule.AUTHORIZER_CACHING, "error", "authorizer " + z.name() + " of " + z.api() + " may cache (" + z.ttlSetting()
                        + "); set the TTL to 0 (docs/authorizer.md, caching)", z.name(), z.line()));
            }
        }
        for (ExchangeInvokeGrants.Grant g : a.exchangeGrants()) {
            out.add(new Finding(Rule.EXCHANGE_DIRECT_INVOKE, "error", g.message(), g.logicalId(), g.line()));
        }
        for (Assessment.TableReport t : a.lineageTables()) {
            t.protections().stream().filter(c -> !c.found()).forEach(c -> out.add(new Finding(Rule.LINEAGE_PROTECTION, "warning", c.text(),
                    t.table().logicalId(), c.line())));
        }
        for (Assessment.NotAssessed n : a.notAssessed()) {
            out.add(new Finding(Rule.NOT_ASSESSED, n.excluded() ? "note" : "warning", n.resource().logicalId() + " (" + n.resource().type()
                    + ") not assessed" + (n.excluded() ? ", excluded from the grade by --exclude" : ": nothing in it counts as governed"),
                    n.resource().logicalId(), n.resource().line()));
        }
        int level = a.stackLevel();
        boolean below = requiredLevel != null && level < requiredLevel;
        out.add(new Finding(Rule.STACK_LEVEL, below ? "error" : "note", "stack reaches L" + level + " (" + LevelReport.NAMES.get(level) + ")"
                + (requiredLevel == null ? "" : below ? ", below the required L" + requiredLevel : ", required L" + requiredLevel)
                + nextMissing(a.stackLevels(), level), null, 1));
        return out;
    }

    private static String functionLevel(FunctionReport f) {
        return f.function().logicalId() + " reaches L" + f.level() + " (" + LevelReport.NAMES.get(f.level()) + ")"
                + (f.excluded() ? ", excluded from the stack's grade by --exclude" : "") + nextMissing(f.levels(), f.level());
    }

    private static String nextMissing(List<LevelReport> levels, int reached) {
        if (reached >= levels.size()) {
            return "";
        }
        LevelReport next = levels.get(reached);
        return "; L" + next.level() + " needs: " + next.checks().stream().filter(c -> !c.found()).map(Check::text).collect(Collectors.joining("; "));
    }
}
