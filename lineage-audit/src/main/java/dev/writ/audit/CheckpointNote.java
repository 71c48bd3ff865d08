package dev.writ.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.NoteSignature;
import dev.writ.audit.tlog.NoteText;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogFormatException;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.LineageHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints as C2SP signed notes (c2sp.org/signed-note). The text is
 * <pre>
 * writ-lineage-checkpoint/v2
 * &lt;origin&gt;
 * &lt;ts epoch ms&gt;
 * &lt;chain&gt; &lt;seq&gt; &lt;hash hex&gt; &lt;tree root hex&gt;     (one line per chain, sorted by chain)
 * </pre>
 * followed by a blank line and signature lines. The tree root is the RFC 9162 tree hash over the
 * leaf hashes of the chain's records 0 to seq; a line without it pins the head only (v1 notes,
 * written before trees, have no roots at all). Signatures are ECDSA P-256 over SHA-256 of the
 * text, ASN.1 DER encoded (type 0x02, {@link CheckpointKey}); {@link Signer} returns JWS R||S, so
 * it is transcoded to DER here.
 */
public final class CheckpointNote {
    static final String HEADER_V1 = "writ-lineage-checkpoint/v1";
    static final String HEADER = "writ-lineage-checkpoint/v2";

    private CheckpointNote() {
    }

    /**
     * The heads, tree roots and time a verified note carries. {@code roots} holds the chains whose
     * line has a tree root; {@code version} is 1 or 2.
     */
    public record Contents(int version, String origin, long ts, List<ChainHead> heads, Map<String, MerkleHash> roots) {
        public Contents {
            heads = List.copyOf(heads);
            roots = Map.copyOf(roots);
        }

        public Optional<ChainHead> head(String chain) {
            return heads.stream().filter(h -> h.chain().equals(chain)).findFirst();
        }

        /** The RFC 9162 root of the chain's tree of {@code head(chain).seq + 1} leaves, when the note commits to one. */
        public Optional<MerkleHash> root(String chain) {
            return Optional.ofNullable(roots.get(chain));
        }
    }

    /** The v2 note text (without signatures) pinning these heads, without tree roots. */
    static String text(String origin, long ts, List<ChainHead> heads) {
        return text(origin, ts, heads, Map.of());
    }

    /** The v2 note text (without signatures) pinning these heads, with the tree roots of the chains in {@code roots}. */
    static String text(String origin, long ts, List<ChainHead> heads, Map<String, MerkleHash> roots) {
        StringBuilder b = new StringBuilder(HEADER).append('\n').append(requireToken(origin)).append('\n').append(ts).append('\n');
        heads.stream().sorted(Comparator.comparing(ChainHead::chain)).forEach(h -> {
            b.append(requireToken(h.chain())).append(' ').append(h.seq()).append(' ').append(h.hash());
            Optional.ofNullable(roots.get(h.chain())).ifPresent(r -> b.append(' ').append(r.hex()));
            b.append('\n');
        });
        return b.toString();
    }

    /** Signs {@code text} with an ES256 signer whose public key is {@code key}, giving the full note. */
    static String sign(String text, Signer signer, CheckpointKey key) {
        if (signer.algorithm() != SigningAlgorithm.ES256) {
            throw new IllegalArgumentException("checkpoint notes are signed with ECDSA P-256 (ES256)");
        }
        byte[] concat = signer.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] der;
        try {
            der = ECDSA.transcodeSignatureToDER(concat);
        } catch (JOSEException e) {
            throw new IllegalStateException("signer returned a malformed ES256 signature", e);
        }
        return new SignedNote(text, List.of(new NoteSignature(key.name(), key.keyId(), der))).format();
    }

    /**
     * Verifies a note against the checkpoint key and parses its heads. Empty when the note is not a
     * well-formed signed note ({@link SignedNote#parse}), carries no signature by the key, a
     * signature by the key fails (then the whole note is rejected, as c2sp.org/signed-note
     * advises), or its text is not a v1 or v2 checkpoint.
     */
    public static Optional<Contents> verify(String note, CheckpointKey key) {
        return verifiedText(note, key).flatMap(CheckpointNote::parse);
    }

    /** The text of {@code note} when it is a signed note that verifies with {@code key}. */
    static Optional<String> verifiedText(String note, CheckpointKey key) {
        if (note == null) {
            return Optional.empty();
        }
        SignedNote parsed;
        try {
            parsed = SignedNote.parse(note);
        } catch (TlogFormatException e) {
            return Optional.empty();
        }
        return parsed.verify(List.of(key)).isVerified() ? Optional.of(parsed.text()) : Optional.empty();
    }

    private static Optional<Contents> parse(String text) {
        // Limit -1 keeps trailing empty lines, so a blank line at the end is refused like one in the middle;
        // the last element is the empty string after the text's final newline.
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !(lines[0].equals(HEADER) || lines[0].equals(HEADER_V1))) {
            return Optional.empty();
        }
        int version = lines[0].equals(HEADER) ? 2 : 1;
        try {
            long ts = NoteText.decimal(lines[2]);
            if (ts < 0) {
                return Optional.empty();
            }
            List<ChainHead> heads = new ArrayList<>();
            Map<String, MerkleHash> roots = new LinkedHashMap<>();
            for (int i = 3; i < lines.length - 1; i++) {
                String[] p = lines[i].split(" ", -1);
                boolean withRoot = version == 2 && p.length == 4;
                if (!(p.length == 3 || withRoot) || !LineageHash.isHash(p[2])) {
                    return Optional.empty();
                }
                long seq = NoteText.decimal(p[1]);
                if (seq < 0 || heads.stream().anyMatch(h -> h.chain().equals(p[0]))) {
                    return Optional.empty();
                }
                heads.add(new ChainHead(p[0], seq, p[2]));
                if (withRoot) {
                    roots.put(p[0], MerkleHash.fromHex(p[3]));
                }
            }
            return Optional.of(new Contents(version, lines[1], ts, heads, roots));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String requireToken(String s) {
        if (s.isEmpty() || s.chars().anyMatch(c -> c <= 0x20)) {
            throw new IllegalArgumentException("not a note token: " + s);
        }
        return s;
    }
}
