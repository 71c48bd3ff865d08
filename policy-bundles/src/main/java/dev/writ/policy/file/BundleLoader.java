package dev.writ.policy.file;


import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.Jws;
import dev.writ.core.jose.JwsFailure;
import dev.writ.core.jose.JwsHeader;
import dev.writ.core.jose.JwsVerification;
import dev.writ.core.jose.JwsVerifier;
import dev.writ.core.jose.MalformedJwsException;
import dev.writ.core.json.Json;
import dev.writ.core.keys.KeyUnavailableException;
import dev.writ.core.keys.VerificationKey;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.InvalidBundleException.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;


/**
 * Loads a signed bundle file (see {@link BundleFile}) and checks it in this order, each failure
 * with its own {@link ReasonCode}: well-formed, signed, allowed header, trusted key, signature, content
 * hash, policy engine available, policies, manifest. Only a bundle that passes every check is returned.
 */
public final class BundleLoader {
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid");
    private static final Set<String> DOC_MEMBERS = Set.of("format", "jws", "files");
    private static final JwsVerifier HEADER_RULES = JwsVerifier.headerRules(BundleFile.TYP, Set.of());

    private BundleLoader() {
    }

    /** Reads and checks a bundle file. */
    public static PolicyBundle load(Path file, BundleTrust trust) throws InvalidBundleException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidBundleException(ReasonCode.UNREADABLE, file + ": " + e.getMessage());
        }
        return load(bytes, trust);
    }

    /** Checks a bundle file's bytes. */
    public static PolicyBundle load(byte[] file, BundleTrust trust) throws InvalidBundleException {
        if (file.length > MAX_FILE_BYTES) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "bundle file over " + MAX_FILE_BYTES + " bytes");
        }
        Map<String, Object> doc = object(parse(file, "bundle file"), "bundle file");
        if (!DOC_MEMBERS.containsAll(doc.keySet())) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "unexpected members " + doc.keySet());
        }
        if (!BundleFile.FORMAT.equals(doc.get("format"))) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "format must be \"" + BundleFile.FORMAT + "\"");
        }
        Object jws = doc.get("jws");
        if (jws == null || "".equals(jws)) {
            throw new InvalidBundleException(ReasonCode.UNSIGNED, "the bundle file carries no signature");
        }
        if (!(jws instanceof String compact)) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "jws must be a string");
        }
        Map<String, Object> payload = verify(compact, trust);

        String signedHash = string(payload, "hash");
        String signedName = string(payload, "name");
        if (!(payload.get("revision") instanceof Number rev) || !(rev instanceof Integer || rev instanceof Long)) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "signed revision must be an integer");
        }
        BundleSource source = files(doc.get("files"));
        // Constant time: the hash is public, but a comparison that leaks nothing needs no argument.
        if (!MessageDigest.isEqual(signedHash.getBytes(StandardCharsets.US_ASCII),
                source.contentHash().getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidBundleException(ReasonCode.HASH_MISMATCH,
                    "files hash to " + source.contentHash() + ", the signature covers " + signedHash);
        }
        Optional<String> engine = PolicyBundle.engineProblem();
        if (engine.isPresent()) {
            throw new InvalidBundleException(ReasonCode.ENGINE_UNAVAILABLE, engine.get());
        }
        PolicyBundle.Compiled compiled = PolicyBundle.compile(source);
        if (compiled.bundle().isEmpty()) {
            throw new InvalidBundleException(ReasonCode.INVALID_POLICIES, compiled.problems().stream()
                    .map(Object::toString).collect(Collectors.joining("; ")));
        }
        PolicyBundle bundle = compiled.bundle().get();
        if (!bundle.manifest().name().equals(signedName) || bundle.manifest().revision() != rev.longValue()) {
            throw new InvalidBundleException(ReasonCode.MANIFEST_MISMATCH, "signed " + signedName + "@" + rev
                    + ", manifest says " + bundle.manifest().name() + "@" + bundle.manifest().revision());
        }
        return bundle;
    }

    /**
     * The signed payload, once the JWS passes the one verification path of Writ ({@link JwsVerifier}:
     * strict compact form, typ {@value BundleFile#TYP}, alg following the trusted key, low-s ES256),
     * plus the bundle's own rules: a signature at all, and no header member but alg, typ and kid.
     */
    private static Map<String, Object> verify(String compact, BundleTrust trust) throws InvalidBundleException {
        Jws jws;
        try {
            jws = CompactJws.parse(compact);
        } catch (MalformedJwsException e) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "jws: " + e.getMessage());
        }
        JwsHeader header = jws.header();
        if ("none".equals(header.alg()) || jws.signature().length == 0) {
            throw new InvalidBundleException(ReasonCode.UNSIGNED, "alg " + header.alg() + " with no signature");
        }
        for (String member : header.names()) {
            if (!HEADER_MEMBERS.contains(member)) {
                throw new InvalidBundleException(ReasonCode.UNSUPPORTED_ALG, "unexpected header member \"" + member + "\"");
            }
        }
        Optional<JwsVerification> badHeader = HEADER_RULES.checkHeader(header);
        if (badHeader.isPresent()) {
            throw new InvalidBundleException(ReasonCode.UNSUPPORTED_ALG, badHeader.get().detail());
        }
        VerificationKey key;
        try {
            key = trust.keyFor(header.keyId()).orElseThrow(() -> new InvalidBundleException(ReasonCode.UNKNOWN_KEY,
                    "kid " + header.keyId() + " is not trusted"));
        } catch (KeyUnavailableException e) {
            throw new InvalidBundleException(ReasonCode.KEY_UNAVAILABLE, e.getMessage());
        }
        Optional<JwsVerification> badSignature = JwsVerifier.checkSignature(jws, key);
        if (badSignature.isPresent()) {
            JwsVerification refused = badSignature.get();
            throw refused.failure().orElseThrow() == JwsFailure.UNSUPPORTED_ALG
                    ? new InvalidBundleException(ReasonCode.UNSUPPORTED_ALG, refused.detail() + " (kid " + header.keyId()
                            + " allows " + key.algorithms() + ")")
                    : new InvalidBundleException(ReasonCode.BAD_SIGNATURE, "the signature does not verify with the trusted key for kid "
                            + header.keyId() + ": " + refused.detail());
        }
        return jws.payload();
    }

    private static BundleSource files(Object value) throws InvalidBundleException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "files must be an object");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String b64)) {
                throw new InvalidBundleException(ReasonCode.MALFORMED, "file " + e.getKey() + " must be a base64 string");
            }
            try {
                files.put((String) e.getKey(), Base64.getDecoder().decode(b64));
            } catch (IllegalArgumentException ex) {
                throw new InvalidBundleException(ReasonCode.MALFORMED, "file " + e.getKey() + " is not base64");
            }
        }
        try {
            return BundleSource.of(files);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, e.getMessage());
        }
    }

    private static Object parse(byte[] json, String what) throws InvalidBundleException {
        try {
            return Json.parse(new String(json, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, what + " is not valid JSON (or repeats a member): "
                    + firstLine(e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) throws InvalidBundleException {
        if (!(value instanceof Map)) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, what + " must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> m, String key) throws InvalidBundleException {
        if (!(m.get(key) instanceof String s) || s.isEmpty()) {
            throw new InvalidBundleException(ReasonCode.MALFORMED, "signed " + key + " must be a non-empty string");
        }
        return s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
