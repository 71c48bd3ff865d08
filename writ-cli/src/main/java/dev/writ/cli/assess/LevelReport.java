package dev.writ.cli.assess;

import java.util.List;

/** One maturity level: whether it is reached, and each piece of evidence found or missing. */
record LevelReport(int level, boolean reached, List<Check> checks) {
    /** Names of L0..L5 (docs/maturity.md defines them). */
    static final List<String> NAMES = List.of("ungoverned", "authorized before execution", "enforced, fail closed",
            "governed execution", "continuously verified", "evidence-grade lineage");

    String name() {
        return NAMES.get(level);
    }

    /**
     * Grades checks per level (index 0 = L1): a level is reached when every check of it and of every
     * level below is found. Returns the reports for L1..L5.
     */
    static List<LevelReport> grade(List<List<Check>> perLevel) {
        boolean below = true;
        List<LevelReport> out = new java.util.ArrayList<>();
        for (int i = 0; i < perLevel.size(); i++) {
            List<Check> checks = perLevel.get(i);
            boolean reached = below && !checks.isEmpty() && checks.stream().allMatch(Check::found);
            out.add(new LevelReport(i + 1, reached, checks));
            below = reached;
        }
        return out;
    }

    /** The highest level reached (0 when none). */
    static int highest(List<LevelReport> levels) {
        return levels.stream().filter(LevelReport::reached).mapToInt(LevelReport::level).max().orElse(0);
    }
}
