package dev.writ.audit.proof;

import dev.writ.audit.CheckpointKey;
import dev.writ.audit.tlog.Cosignature;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.tlog.NoteVerdict;
import dev.writ.audit.tlog.NoteVerifier;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogFormatException;
import dev.writ.core.json.CanonicalJson;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a verifier trusts (the trust file, docs/lineage.md, Trust file): the lineage's
 * origin, the checkpoint key, the witnesses' cosigner keys, and how many of them must have
 * cosigned the log checkpoint a proof rests on. Public keys only.
 */
public record TrustPolicy(String origin, CheckpointKey checkpointKey, List<CosignerKey> witnesses, int witnessesRequired) {
    /** The value of the {@code format} member. */
    public static final String FORMAT = "writ-trust/v1";
    /** The largest trust file read, in bytes: room for a hundred witnesses many times over. */
    public static final int MAX_BYTES = 1 << 20;
    private static final Set<String> MEMBERS = Set.of("format", "origin", "checkpointKey", "witnesses", "witnessesRequired");

    public TrustPolicy {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(checkpointKey, "checkpointKey");
        witnesses = List.copyOf(witnesses);
        requireDistinct(witnesses);
        if (witnessesRequired < 0 || witnessesRequired > witnesses.size()) {
            throw new MalformedBundleException("witnessesRequired is between 0 and the number of witnesses (" + witnesses.size() + "), not " + witnessesRequired);
        }
    }

    /**
     * Refuses a list of witnesses in which two share a name or a key: a cosignature does not sign
     * its cosigner's name, so one key under two names would count one witness twice.
     *
     * @throws MalformedBundleException naming the witness
     */
    public static void requireDistinct(List<CosignerKey> witnesses) {
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (CosignerKey w : witnesses) {
            if (!names.add(w.keyName())) {
                throw new MalformedBundleException("two witnesses are named " + w.keyName());
            }
            if (!keys.add(HexFormat.of().formatHex(w.publicKey().getEncoded()))) {
                throw new MalformedBundleException("witness " + w.keyName() + " has the key of another witness");
            }
        }
    }

    /** The keys a log checkpoint's lines are verified with: the witnesses' and the checkpoint key. */
    public List<NoteVerifier> logVerifiers() {
        List<NoteVerifier> known = new ArrayList<>(witnesses);
        known.add(checkpointKey);
        return known;
    }

    /**
     * The trusted witnesses whose cosignatures verified in {@code verdict} (of {@code note}), in
     * trust-file order: those that count, and those not counted because a line of theirs is dated
     * more than {@link Cosignature#MAX_AHEAD} after {@code now}.
     */
    public Cosigners cosigners(SignedNote note, NoteVerdict verdict, Instant now) {
        List<String> counted = new ArrayList<>();
        List<String> ahead = new ArrayList<>();
        for (CosignerKey w : witnesses) {
            if (!verdict.verifiedBy().contains(w)) {
                continue;
            }
            // A verified key's lines all parsed as cosignatures: its signature check read them so.
            OptionalLong latest = note.signatures().stream().filter(s -> s.keyName().equals(w.keyName()) && s.keyId() == w.keyId())
                    .map(Cosignature::of).filter(c -> c.isAheadOf(now)).mapToLong(Cosignature::timestamp).max();
            if (latest.isPresent()) {
                ahead.add(w.keyName() + " at " + latest.getAsLong());
            } else {
                counted.add(w.keyName());
            }
        }
        return new Cosigners(counted, ahead);
    }

    /**
     * Trusted witnesses' verified cosignatures of one log checkpoint: the names of those that
     * count, and of those dated too far ahead to count, each with its time (POSIX seconds).
     */
    public record Cosigners(List<String> counted, List<String> ahead) {
        public Cosigners {
            counted = List.copyOf(counted);
            ahead = List.copyOf(ahead);
        }

        /** Why the ones ahead were not counted, or empty when none was. */
        public String aheadDetail() {
            return ahead.isEmpty() ? "" : "; not counted, dated more than " + Cosignature.MAX_AHEAD.toMinutes()
                    + " minutes ahead of this clock: " + ahead;
        }
    }

    /** The same trust with another number of required cosignatures. */
    public TrustPolicy requiring(int n) {
        return new TrustPolicy(origin, checkpointKey, witnesses, n);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("origin", origin);
        m.put("checkpointKey", checkpointKey.verifierKey());
        m.put("witnesses", witnesses.stream().map(CosignerKey::verifierKey).toList());
        m.put("witnessesRequired", witnessesRequired);
        return CanonicalJson.of(m);
    }

    /**
     * Reads a trust file: exactly its members, C2SP verifier keys whose key IDs match their keys.
     *
     * @throws MalformedBundleException naming the fault
     */
    public static TrustPolicy parse(String json) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (JsonException e) {
            throw new MalformedBundleException("the trust file is not one JSON object: " + e.getMessage());
        }
        if (!m.keySet().equals(MEMBERS)) {
            throw new MalformedBundleException("the trust file has exactly the members " + new TreeSet<>(MEMBERS) + ", not " + new TreeSet<>(m.keySet()));
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new MalformedBundleException("format is not " + FORMAT);
        }
        if (!(m.get("origin") instanceof String origin) || origin.isEmpty()) {
            throw new MalformedBundleException("origin is a non-empty string");
        }
        if (!(m.get("checkpointKey") instanceof String vkey)) {
            throw new MalformedBundleException("checkpointKey is a verifier key string");
        }
        CheckpointKey key;
        try {
            key = CheckpointKey.parse(vkey);
        } catch (IllegalArgumentException e) {
            throw new MalformedBundleException("checkpointKey: " + e.getMessage());
        }
        if (!(m.get("witnesses") instanceof List<?> list)) {
            throw new MalformedBundleException("witnesses is an array of verifier key strings");
        }
        List<CosignerKey> witnesses = new ArrayList<>();
        for (Object w : list) {
            try {
                witnesses.add(CosignerKey.parse(w instanceof String s ? s : ""));
            } catch (TlogFormatException e) {
                throw new MalformedBundleException("witness " + w + ": " + e.getMessage());
            }
        }
        if (!(m.get("witnessesRequired") instanceof Integer n)) {
            throw new MalformedBundleException("witnessesRequired is an integer");
        }
        return new TrustPolicy(origin, key, witnesses, n);
    }
}
