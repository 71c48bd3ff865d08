package dev.writ.cli.assess;

/**
 * How a function is guarded.
 *
 * @param evidence what shows it (or, for {@link Mode#NONE}, why it does not count)
 * @param bypass   the setting that runs something else before or instead of the guard, or null
 */
record Governance(Mode mode, String evidence, Bypass bypass) {

    Governance(Mode mode, String evidence) {
        this(mode, evidence, null);
    }

    /** A guard the configuration shows, undone by a setting that can run other code first or instead. */
    static Governance bypassed(Bypass bypass) {
        return new Governance(Mode.NONE, bypass.reason(), bypass);
    }

    /** Why a setting keeps the guard from being first, and the template line that has it. */
    record Bypass(String reason, int line) {
    }

    enum Mode {
        /** The guard layer is attached and the handler is Writ's entry point, the original handler in a variable. */
        LAYER_ENTRY_POINT("layer+entry point"),
        /** The function's own code calls the guard (a known guarded handler, or the guard layer and its variables). */
        CODE_WRAPPER("code wrapper"),
        NONE("none");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    boolean guarded() {
        return mode != Mode.NONE;
    }
}
