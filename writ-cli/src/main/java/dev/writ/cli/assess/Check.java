package dev.writ.cli.assess;

/** One piece of evidence a level asks for: found (with what shows it) or missing (with what is missing). */
record Check(boolean found, String text, int line) {

    static Check found(String text, int line) {
        return new Check(true, text, line);
    }

    static Check missing(String text, int line) {
        return new Check(false, text, line);
    }
}
