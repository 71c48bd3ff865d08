package dev.writ.audit;

import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.LineageHash;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.Signer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints as C2SP signed notes (c2sp.org/signed-note). The text is
 * <pre>
 * writ-lineage-checkpoint/v1
 * &lt;origin&gt;
 * &lt;ts epoch ms&gt;
 * &lt;chain&gt; &lt;seq&gt; &lt;hash hex&gt;     (one line per chain, sorted by chain)
 * </pre>
 * followed by a blank line and one {@code — <key name> base64(key ID || signature)} line.
 * Signatures are ECDSA P-256 over SHA-256 of the text, ASN.1 DER encoded (what the
 * transparency-dev witness implementation of type 0x02 verifies); {@link Signer} returns JWS
 * R||S, so it is transcoded to DER here.
 */
public final class CheckpointNote {
    static final String HEADER = "writ-lineage-checkpoint/v1";
    private static final String DASH = "\u2014 ";
    private static final int MAX_NOTE_BYTES = 1 << 20;

    private CheckpointNote() {
    }

    /** The heads and time a verified note carries. */
    public record Contents(String origin, long ts, List<ChainHead> heads) {
        public Optional<ChainHead> head(String chain) {
            return heads.stream().filter(h -> h.chain().equals(chain)).findFirst();
        }
    }

    /** The note text (without signatures) for these heads. */
    static String text(String origin, long ts, List<ChainHead> heads) {
        StringBuilder b = new StringBuilder(HEADER).append('\n').append(requireToken(origin)).append('\n').append(ts).append('\n');
        heads.stream().sorted(java.util.Comparator.comparing(ChainHead::chain)).forEach(h ->
                b.append(requireToken(h.chain())).append(' ').append(h.seq()).append(' ').append(h.hash()).append('\n'));
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
        byte[] sig = ByteBuffer.allocate(4 + der.length).putInt(key.keyId()).put(der).array();
        return text + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(sig) + "\n";
    }

    /**
     * Verifies a note against the checkpoint key and parses its heads. Empty when the note is
     * malformed, not signed by the key, or a signature by the key fails (then the whole note is
     * rejected, as c2sp.org/signed-note advises).
     */
    public static Optional<Contents> verify(String note, CheckpointKey key) {
        if (note == null || note.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES || !note.endsWith("\n")
                || note.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            return Optional.empty();
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return Optional.empty();
        }
        String text = note.substring(0, split + 1);
        boolean verified = false;
        for (String line : note.substring(split + 2).split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Optional<Boolean> result = checkLine(line, text, key);
            if (result.isPresent()) {
                if (!result.get()) {
                    return Optional.empty();
                }
                verified = true;
            }
        }
        return verified ? parse(text) : Optional.empty();
    }

    /** Empty for a signature by another key; true or false for one by ours. */
    private static Optional<Boolean> checkLine(String line, String text, CheckpointKey key) {
        if (!line.startsWith(DASH)) {
            return Optional.of(false);
        }
        String[] parts = line.substring(DASH.length()).split(" ", -1);
        if (parts.length != 2) {
            return Optional.of(false);
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.of(false);
        }
        if (sig.length < 5) {
            return Optional.of(false);
        }
        if (!parts[0].equals(key.name()) || ByteBuffer.wrap(sig, 0, 4).getInt() != key.keyId()) {
            return Optional.empty();
        }
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(key.publicKey());
            v.update(text.getBytes(StandardCharsets.UTF_8));
            return Optional.of(v.verify(sig, 4, sig.length - 4));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.of(false);
        }
    }

    private static Optional<Contents> parse(String text) {
        // Limit -1 keeps trailing empty lines, so a blank line at the end is refused like one in the middle;
        // the last element is the empty string after the text's final newline.
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[0].equals(HEADER)) {
            return Optional.empty();
        }
        try {
            long ts = Long.parseLong(lines[2]);
            List<ChainHead> heads = new ArrayList<>();
            for (int i = 3; i < lines.length - 1; i++) {
                String[] p = lines[i].split(" ", -1);
                if (p.length != 3 || !LineageHash.isHash(p[2])) {
                    return Optional.empty();
                }
                heads.add(new ChainHead(p[0], Long.parseLong(p[1]), p[2]));
            }
            return Optional.of(new Contents(lines[1], ts, List.copyOf(heads)));
        } catch (NumberFormatException e) {
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
