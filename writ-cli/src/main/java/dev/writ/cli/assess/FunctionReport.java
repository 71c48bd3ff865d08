package dev.writ.cli.assess;

import java.util.List;

/**
 * The assessment of one function.
 *
 * @param role     {@code application}, or the Writ component it is ({@code authorizer},
 *                 {@code stream-verifier}, {@code checkpoint-signer}); components are not graded
 * @param excluded left out of the stack's grade by {@code --exclude}
 * @param levels   L1..L5 (empty for a component)
 */
record FunctionReport(LambdaFunction function, String role, boolean excluded, Governance governance, List<PathReport> paths,
                      String lineageTable, String replayTable, List<LevelReport> levels) {

    boolean graded() {
        return role.equals("application") && !excluded;
    }

    int level() {
        return LevelReport.highest(levels);
    }
}
