package dev.writ.cli.assess;

import java.util.ArrayList;

/** A sequence of a template, with its line (1-based; 0 when unknown). */
final class Sequence extends ArrayList<Object> {
    private final int line;

    Sequence(int line) {
        this.line = line;
    }

    int line() {
        return line;
    }
}
