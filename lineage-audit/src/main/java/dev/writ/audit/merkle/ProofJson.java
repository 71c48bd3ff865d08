package dev.writ.audit.merkle;

import dev.writ.core.json.CanonicalJson;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The strict JSON of proofs and frontiers: exactly the named members, sizes as non-negative
 * integers, hashes as arrays of 64-digit lower-case hex strings (the lineage format's spelling),
 * written as RFC 8785 canonical JSON.
 */
final class ProofJson {
    /** No proof in a tree of fewer than 2^63 leaves needs more hashes than this; a longer array is refused unread. */
    static final int MAX_HASHES = 128;

    private final Map<String, Object> members;
    private final String what;

    private ProofJson(Map<String, Object> members, String what) {
        this.members = members;
        this.what = what;
    }

    /** Parses {@code json} as an object with exactly {@code names} as members. */
    static ProofJson read(String json, String what, Set<String> names) {
        Map<String, Object> parsed;
        try {
            parsed = Json.parseObject(json);
        } catch (JsonException e) {
            throw new MalformedProofException(what + " is not one JSON object: " + e.getMessage());
        }
        if (!parsed.keySet().equals(names)) {
            throw new MalformedProofException(what + " must have exactly the members " + new TreeSet<>(names)
                    + ", not " + new TreeSet<>(parsed.keySet()));
        }
        return new ProofJson(parsed, what);
    }

    long size(String name) {
        Object value = members.get(name);
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
            throw new MalformedProofException(what + " member " + name + " must be a non-negative integer below 2^63");
        }
        return ((Number) value).longValue();
    }

    List<MerkleHash> hashes(String name) {
        if (!(members.get(name) instanceof List<?> list)) {
            throw new MalformedProofException(what + " member " + name + " must be an array of hex hashes");
        }
        if (list.size() > MAX_HASHES) {
            throw new MalformedProofException(what + " member " + name + " holds more than " + MAX_HASHES + " hashes");
        }
        List<MerkleHash> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                out.add(MerkleHash.fromHex(list.get(i) instanceof String s ? s : null));
            } catch (IllegalArgumentException e) {
                throw new MalformedProofException(what + " member " + name + "[" + i + "] is not 64 lower-case hex digits");
            }
        }
        return List.copyOf(out);
    }

    /** Canonical JSON of sizes and hash arrays. */
    static String write(Map<String, Object> members) {
        Map<String, Object> json = new TreeMap<>();
        members.forEach((k, v) -> json.put(k, v instanceof List<?> hashes
                ? hashes.stream().map(h -> ((MerkleHash) h).hex()).toList() : v));
        return CanonicalJson.of(json);
    }
}
