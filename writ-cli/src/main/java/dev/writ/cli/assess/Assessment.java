package dev.writ.cli.assess;

import java.util.List;

/**
 * What {@code writ assess} found.
 *
 * @param location     the template file, or {@code stack NAME}
 * @param file         whether {@code location} is a file (SARIF points at its lines)
 * @param notAssessed  resources of types writ assess does not understand (with whether --exclude left them out)
 * @param stackLevels  L1..L5 for the stack
 * @param lineageTables the protections of each lineage table the functions write to
 * @param signingKeys  the KMS keys of the template
 * @param authorizers  the Lambda authorizers in front of the functions
 * @param exchangeGrants grants that let a principal invoke an exchange directly, not through its function URL
 */
record Assessment(String location, boolean file, List<FunctionReport> functions, List<NotAssessed> notAssessed,
                  List<LevelReport> stackLevels, List<TableReport> lineageTables, List<KeyReport> signingKeys,
                  List<Authorizer> authorizers, List<ExchangeInvokeGrants.Grant> exchangeGrants) {

    int stackLevel() {
        return LevelReport.highest(stackLevels);
    }

    record NotAssessed(Resource resource, boolean excluded) {
    }

    /** A lineage table and the protections it has or lacks. */
    record TableReport(Resource table, List<Check> protections) {
        boolean protectedFully() {
            return protections.stream().allMatch(Check::found);
        }
    }

    record KeyReport(Resource key, String keySpec, String keyUsage) {
        /** Whether writs and checkpoints signed with it can be verified by a guard. */
        boolean signs() {
            return "SIGN_VERIFY".equals(keyUsage) && keySpec != null && WritNames.SIGNING_KEY_SPECS.contains(keySpec);
        }
    }
}
