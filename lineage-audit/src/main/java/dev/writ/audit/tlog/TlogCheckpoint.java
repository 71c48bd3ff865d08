package dev.writ.audit.tlog;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.TlogFormatException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text of a C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the log's origin, the tree size
 * in decimal, the RFC 6962 / RFC 9162 root hash in base64, then optional extension lines, each
 * line non-empty and ending in a newline. The signed note around it is a {@link SignedNote}.
 */
public record TlogCheckpoint(String origin, long treeSize, MerkleHash rootHash, List<String> extensionLines) {

    public TlogCheckpoint {
        requireLine(origin, "the origin");
        if (treeSize < 0) {
            throw new TlogFormatException(Reason.BAD_TREE_SIZE, "a tree size is non-negative");
        }
        Objects.requireNonNull(rootHash, "rootHash");
        extensionLines = List.copyOf(extensionLines);
        extensionLines.forEach(l -> requireLine(l, "an extension line"));
    }

    /** A checkpoint without extension lines (the form Writ writes: extension lines are not auditable). */
    public TlogCheckpoint(String origin, long treeSize, MerkleHash rootHash) {
        this(origin, treeSize, rootHash, List.of());
    }

    /**
     * Parses a checkpoint text (a note's text: up to and including the newline before the blank
     * line): at least three lines, every one non-empty and newline-terminated; the size ASCII
     * decimal without leading zeros and at most 2^63 - 1; the root the canonical base64 of 32 bytes.
     *
     * @throws TlogFormatException naming the rule broken
     */
    public static TlogCheckpoint parse(String text) {
        if (NoteText.utf8(text).length > SignedNote.MAX_BYTES) {
            throw new TlogFormatException(Reason.TOO_LARGE, "a checkpoint is at most " + SignedNote.MAX_BYTES + " bytes");
        }
        NoteText.requireNoControlCharacters(text, "the checkpoint");
        if (!text.endsWith("\n")) {
            throw new TlogFormatException(Reason.NO_FINAL_NEWLINE, "a checkpoint's lines end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                throw new TlogFormatException(Reason.EMPTY_LINE, "line " + (i + 1) + " of the checkpoint is empty");
            }
        }
        if (lines.length < 3) {
            throw new TlogFormatException(Reason.TOO_FEW_LINES, "a checkpoint has an origin, a tree size and a root hash line");
        }
        long size = NoteText.decimal(lines[1]);
        if (size < 0) {
            throw new TlogFormatException(Reason.BAD_TREE_SIZE, "the tree size is not ASCII decimal without leading zeros up to 2^63 - 1");
        }
        MerkleHash root;
        try {
            root = MerkleHash.fromBase64(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new TlogFormatException(Reason.BAD_ROOT_HASH, "the root hash is not the canonical base64 of 32 bytes");
        }
        List<String> extensions = new ArrayList<>(List.of(lines).subList(3, lines.length));
        return new TlogCheckpoint(lines[0], size, root, extensions);
    }

    /** The checkpoint text: every line followed by a newline. */
    public String text() {
        StringBuilder b = new StringBuilder(origin).append('\n').append(treeSize).append('\n').append(rootHash.base64()).append('\n');
        extensionLines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static void requireLine(String line, String what) {
        if (line == null || line.isEmpty()) {
            throw new TlogFormatException(Reason.EMPTY_LINE, what + " must not be empty");
        }
        if (line.indexOf('\n') >= 0) {
            throw new TlogFormatException(Reason.EMPTY_LINE, what + " is one line");
        }
        NoteText.requireNoControlCharacters(line, what);
        NoteText.utf8(line);
    }
}
