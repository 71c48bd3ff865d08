package dev.writ.cli.assess;

/** An event source of a function and what it means for that function. */
record PathReport(EventSource source, Status status) {

    enum Status {
        /** The function is guarded and the source can carry a writ. */
        GOVERNED("governed", "runs only with a verified writ"),
        /** The function is guarded but the source cannot carry a writ: every invocation from it is refused. */
        DENIED("denied", "the guard refuses every invocation from it (no writ can reach the function this way)"),
        /** Writ's authorizer decides before the call, but the function does not verify the writ. */
        AUTHORIZED_UNENFORCED("authorized-unenforced", "authorized by Writ's authorizer, but the function does not verify the writ"),
        /** The function runs with no authorization decision at all. */
        UNGOVERNED("ungoverned", "runs the function with no authorization decision"),
        /** A path into one of Writ's own functions (authorizer, stream verifier, checkpoint signer): not graded. */
        COMPONENT("writ-component", "a path into Writ's own function, which is not graded");

        private final String id;
        private final String meaning;

        Status(String id, String meaning) {
            this.id = id;
            this.meaning = meaning;
        }

        String id() {
            return id;
        }

        String meaning() {
            return meaning;
        }
    }

    static PathReport of(EventSource source, boolean guarded, boolean component) {
        if (component) {
            return new PathReport(source, Status.COMPONENT);
        }
        boolean carries = source.carriage() == Carriage.YES;
        Status status = guarded ? (carries ? Status.GOVERNED : Status.DENIED) : (carries ? Status.AUTHORIZED_UNENFORCED : Status.UNGOVERNED);
        return new PathReport(source, status);
    }
}
