package dev.writ.audit.tlog;

import dev.writ.audit.merkle.ConsistencyProof;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.TlogFormatException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request (c2sp.org/tlog-witness):
 * {@code old <size>}, zero to 63 consistency proof lines (base64 hashes), an empty line, then the
 * signed checkpoint. Parsing checks the format only: whether the old size is the witness's, the
 * proof verifies, or old size 0 came without a proof is the witness's decision (400/409/422).
 */
public record AddCheckpointRequest(long oldSize, List<MerkleHash> consistencyProof, SignedNote checkpointNote) {
    /** The largest body read: 16 post-quantum signatures (about 3.3 KB each as lines) and 63 proof lines fit. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The most proof lines a client may send. */
    public static final int MAX_PROOF_LINES = 63;
    private static final String OLD = "old ";

    public AddCheckpointRequest {
        if (oldSize < 0) {
            throw new TlogFormatException(Reason.BAD_OLD_SIZE, "the old size is non-negative");
        }
        consistencyProof = List.copyOf(consistencyProof);
        if (consistencyProof.size() > MAX_PROOF_LINES) {
            throw new TlogFormatException(Reason.TOO_MANY_PROOF_LINES, consistencyProof.size() + " proof lines, more than " + MAX_PROOF_LINES);
        }
        TlogCheckpoint.parse(checkpointNote.text());
    }

    /** The checkpoint's text, parsed (not yet verified: see {@link SignedNote#verify}). */
    public TlogCheckpoint checkpoint() {
        return TlogCheckpoint.parse(checkpointNote.text());
    }

    /** The proof as a consistency proof from the old size to the checkpoint's size. */
    public ConsistencyProof toConsistencyProof() {
        return new ConsistencyProof(oldSize, checkpoint().treeSize(), consistencyProof);
    }

    /**
     * Parses a request body: at most {@link #MAX_BYTES} of strict UTF-8; {@code old } and a size
     * in ASCII decimal without leading zeros; up to 63 lines each the canonical base64 of a 32-byte
     * hash; an empty line; a signed note whose text is a checkpoint.
     *
     * @throws TlogFormatException naming the rule broken
     */
    public static AddCheckpointRequest parse(byte[] body) {
        if (body.length > MAX_BYTES) {
            throw new TlogFormatException(Reason.TOO_LARGE, "a request body is at most " + MAX_BYTES + " bytes");
        }
        String text = NoteText.utf8(body);
        int end = text.indexOf('\n');
        if (end < 0 || !text.startsWith(OLD)) {
            throw new TlogFormatException(Reason.BAD_OLD_SIZE, "the first line is 'old <size>'");
        }
        long oldSize = NoteText.decimal(text.substring(OLD.length(), end));
        if (oldSize < 0) {
            throw new TlogFormatException(Reason.BAD_OLD_SIZE, "the old size is not ASCII decimal without leading zeros up to 2^63 - 1");
        }
        List<MerkleHash> proof = new ArrayList<>();
        int start = end + 1;
        while (true) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                throw new TlogFormatException(Reason.NO_CHECKPOINT, "no empty line and checkpoint after the proof lines");
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isEmpty()) {
                break;
            }
            try {
                proof.add(MerkleHash.fromBase64(line));
            } catch (IllegalArgumentException e) {
                throw new TlogFormatException(Reason.BAD_PROOF_LINE, "proof line " + (proof.size() + 1) + " is not the canonical base64 of a 32-byte hash");
            }
        }
        if (start == text.length()) {
            throw new TlogFormatException(Reason.NO_CHECKPOINT, "no checkpoint after the empty line");
        }
        return new AddCheckpointRequest(oldSize, proof, SignedNote.parse(text.substring(start)));
    }

    /** The request body. */
    public String body() {
        StringBuilder b = new StringBuilder(OLD).append(oldSize).append('\n');
        consistencyProof.forEach(h -> b.append(h.base64()).append('\n'));
        return b.append('\n').append(checkpointNote.format()).toString();
    }
}
