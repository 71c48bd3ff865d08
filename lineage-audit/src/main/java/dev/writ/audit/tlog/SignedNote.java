package dev.writ.audit.tlog;

import dev.writ.audit.tlog.TlogFormatException.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, and one
 * or more signature lines. Parsing checks the format only; {@link #verify} applies the spec's
 * rules for verifiers, and only then may the text be trusted.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
    /** The largest note read, in UTF-8 bytes (the checkpoint notes of docs/lineage.md have the same bound). */
    public static final int MAX_BYTES = 1 << 20;
    /** The most signature lines read (the spec asks for at least 16; Go's reference stops at 100). */
    public static final int MAX_SIGNATURES = 100;

    public SignedNote {
        NoteText.utf8(Objects.requireNonNull(text, "text"));
        NoteText.requireNoControlCharacters(text, "the note text");
        if (!text.endsWith("\n")) {
            throw new TlogFormatException(Reason.NO_FINAL_NEWLINE, "the note text must end with a newline");
        }
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new TlogFormatException(Reason.NO_SIGNATURES, "a signed note has at least one signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new TlogFormatException(Reason.TOO_MANY_SIGNATURES, signatures.size() + " signatures, more than " + MAX_SIGNATURES);
        }
    }

    /** Parses a note from its UTF-8 bytes (strict UTF-8). */
    public static SignedNote parse(byte[] note) {
        if (note.length > MAX_BYTES) {
            throw new TlogFormatException(Reason.TOO_LARGE, "a note is at most " + MAX_BYTES + " bytes");
        }
        return parse(NoteText.utf8(note));
    }

    /**
     * Parses a note: at most {@link #MAX_BYTES} of UTF-8, no control character but newline, ending
     * with a newline; split at its last blank line into the text and signature lines, each a
     * well-formed {@link NoteSignature}.
     *
     * @throws TlogFormatException naming the rule broken
     */
    public static SignedNote parse(String note) {
        if (NoteText.utf8(note).length > MAX_BYTES) {
            throw new TlogFormatException(Reason.TOO_LARGE, "a note is at most " + MAX_BYTES + " bytes");
        }
        NoteText.requireNoControlCharacters(note, "the note");
        if (!note.endsWith("\n")) {
            throw new TlogFormatException(Reason.NO_FINAL_NEWLINE, "a note ends with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || split + 2 == note.length()) {
            throw new TlogFormatException(Reason.NO_SIGNATURES, "no blank line followed by signature lines");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (signatures.size() == MAX_SIGNATURES) {
                throw new TlogFormatException(Reason.TOO_MANY_SIGNATURES, "more than " + MAX_SIGNATURES + " signature lines");
            }
            signatures.add(NoteSignature.parse(line));
        }
        return new SignedNote(note.substring(0, split + 1), signatures);
    }

    /** The note as text: the text, a blank line, the signature lines. */
    public String format() {
        StringBuilder b = new StringBuilder(text).append('\n');
        signatures.forEach(s -> b.append(s.line()).append('\n'));
        return b.toString();
    }

    /** This note with {@code more} signature lines after its own (e.g. cosignatures a witness returned). */
    public SignedNote plus(Collection<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.addAll(more);
        return new SignedNote(text, all);
    }

    /**
     * Verifies the note against {@code known} keys as c2sp.org/signed-note asks: lines by unknown
     * keys (name and key ID not both a known key's) are ignored; every line by a known key must
     * verify, or the whole note is refused; at least one must. Repeated lines by one key are each
     * checked (stricter than Go's reference, which checks the first).
     *
     * @throws IllegalArgumentException when two known keys share a name and key ID (a configuration
     *     that cannot tell their signatures apart)
     */
    public NoteVerdict verify(Collection<? extends NoteVerifier> known) {
        Map<String, NoteVerifier> byId = new HashMap<>();
        for (NoteVerifier v : known) {
            if (byId.put(v.keyName() + "+" + NoteSignature.hex(v.keyId()), v) != null) {
                throw new IllegalArgumentException("two known keys are named " + v.keyName() + " with key ID " + NoteSignature.hex(v.keyId()));
            }
        }
        List<NoteVerifier> verified = new ArrayList<>();
        for (NoteSignature s : signatures) {
            NoteVerifier v = byId.get(s.keyName() + "+" + NoteSignature.hex(s.keyId()));
            if (v == null) {
                continue;
            }
            if (!v.verify(text, s.signature())) {
                return NoteVerdict.refused(NoteVerdict.Reason.BAD_SIGNATURE, "the signature by " + s.keyName() + "+"
                        + NoteSignature.hex(s.keyId()) + " does not verify");
            }
            if (!verified.contains(v)) {
                verified.add(v);
            }
        }
        return verified.isEmpty() ? NoteVerdict.refused(NoteVerdict.Reason.NO_KNOWN_SIGNATURE, "no signature by a known key")
                : NoteVerdict.ok(verified);
    }
}
