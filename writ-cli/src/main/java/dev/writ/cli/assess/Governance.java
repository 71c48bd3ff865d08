package dev.writ.cli.assess;

/**
 * How a function is guarded.
 *
 * @param evidence what shows it (or, for {@link Mode#NONE}, why it does not count)
 */
record Governance(Mode mode, String evidence) {

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
