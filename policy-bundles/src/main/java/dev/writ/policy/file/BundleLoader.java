package dev.writ.policy.file;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.writ.guard.keys.KeyUnavailableException;
import dev.writ.guard.keys.VerificationKey;
import dev.writ.guard.sign.SigningAlgorithm;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.Json;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.InvalidBundleException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a signed bundle file (see {@link BundleFile}) and checks it in this order, each failure
 * with its own {@link Reason}: well-formed, signed, allowed header, trusted key, signature, content
 * hash, manifest, policies. Only a bundle that passes every check is returned.
 */
public final class BundleLoader {
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid");
    private static final Set<String> DOC_MEMBERS = Set.of("format", "jws", "files");

    private BundleLoader() {
    }

    /** Reads and checks a bundle file. */
    public static PolicyBundle load(Path file, BundleTrust trust) throws InvalidBundleException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidBundleException(Reason.UNREADABLE, file + ": " + e.getMessage());
        }
        return load(bytes, trust);
    }

    /** Checks a bundle file's bytes. */
    public static PolicyBundle load(byte[] file, BundleTrust trust) throws InvalidBundleException {
        if (file.length > MAX_FILE_BYTES) {
            throw new InvalidBundleException(Reason.MALFORMED, "bundle file over " + MAX_FILE_BYTES + " bytes");
        }
        Map<String, Object> doc = object(parse(file, "bundle file"), "bundle file");
        if (!DOC_MEMBERS.containsAll(doc.keySet())) {
            throw new InvalidBundleException(Reason.MALFORMED, "unexpected members " + doc.keySet());
        }
        if (!BundleFile.FORMAT.equals(doc.get("format"))) {
            throw new InvalidBundleException(Reason.MALFORMED, "format must be \"" + BundleFile.FORMAT + "\"");
        }
        Object jws = doc.get("jws");
        if (jws == null || "".equals(jws)) {
            throw new InvalidBundleException(Reason.UNSIGNED, "the bundle file carries no signature");
        }
        if (!(jws instanceof String compact)) {
            throw new InvalidBundleException(Reason.MALFORMED, "jws must be a string");
        }
        Map<String, Object> payload = verify(compact, trust);

        String signedHash = string(payload, "hash");
        String signedName = string(payload, "name");
        if (!(payload.get("revision") instanceof Number rev) || rev instanceof Double || rev instanceof Float) {
            throw new InvalidBundleException(Reason.MALFORMED, "signed revision must be an integer");
        }
        BundleSource source = files(doc.get("files"));
        // Constant time: the hash is public, but a comparison that leaks nothing needs no argument.
        if (!MessageDigest.isEqual(signedHash.getBytes(StandardCharsets.US_ASCII),
                source.contentHash().getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidBundleException(Reason.HASH_MISMATCH,
                    "files hash to " + source.contentHash() + ", the signature covers " + signedHash);
        }
        Optional<String> engine = PolicyBundle.engineProblem();
        if (engine.isPresent()) {
            throw new InvalidBundleException(Reason.ENGINE_UNAVAILABLE, engine.get());
        }
        PolicyBundle.Compiled compiled = PolicyBundle.compile(source);
        if (compiled.bundle().isEmpty()) {
            throw new InvalidBundleException(Reason.INVALID_POLICIES, compiled.problems().stream()
                    .map(Object::toString).collect(Collectors.joining("; ")));
        }
        PolicyBundle bundle = compiled.bundle().get();
        if (!bundle.manifest().name().equals(signedName) || bundle.manifest().revision() != rev.longValue()) {
            throw new InvalidBundleException(Reason.MANIFEST_MISMATCH, "signed " + signedName + "@" + rev
                    + ", manifest says " + bundle.manifest().name() + "@" + bundle.manifest().revision());
        }
        return bundle;
    }

    private static Map<String, Object> verify(String compact, BundleTrust trust) throws InvalidBundleException {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidBundleException(Reason.MALFORMED, "jws is not a compact JWS (three dot-separated parts)");
        }
        Map<String, Object> header = object(parse(b64u(parts[0], "header"), "JWS header"), "JWS header");
        Object alg = header.get("alg");
        if (alg == null || "none".equals(alg) || parts[2].isEmpty()) {
            throw new InvalidBundleException(Reason.UNSIGNED, "alg " + alg + " with " + parts[2].length() + " signature characters");
        }
        if (!BundleFile.TYP.equals(header.get("typ"))) {
            throw new InvalidBundleException(Reason.UNSUPPORTED_ALG, "typ must be " + BundleFile.TYP);
        }
        Optional<SigningAlgorithm> algorithm = alg instanceof String s ? SigningAlgorithm.fromJwsName(s) : Optional.empty();
        if (algorithm.isEmpty()) {
            throw new InvalidBundleException(Reason.UNSUPPORTED_ALG, "alg " + alg + " is not ES256, PS256 or RS256");
        }
        for (String member : header.keySet()) {
            if (!HEADER_MEMBERS.contains(member)) {
                throw new InvalidBundleException(Reason.UNSUPPORTED_ALG, "unexpected header member \"" + member + "\"");
            }
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new InvalidBundleException(Reason.MALFORMED, "kid must be a string");
        }
        VerificationKey key;
        try {
            key = trust.keyFor((String) kid)
                    .orElseThrow(() -> new InvalidBundleException(Reason.UNKNOWN_KEY, "kid " + kid + " is not trusted"));
        } catch (KeyUnavailableException e) {
            throw new InvalidBundleException(Reason.KEY_UNAVAILABLE, e.getMessage());
        }
        if (!key.algorithms().contains(algorithm.get())) {
            throw new InvalidBundleException(Reason.UNSUPPORTED_ALG,
                    "alg " + algorithm.get() + " does not fit the trusted key " + kid + " (allows " + key.algorithms() + ")");
        }
        JWSVerifier verifier = verifierFor(algorithm.get(), key.publicKey());
        boolean valid;
        try {
            valid = JWSObject.parse(compact).verify(verifier);
        } catch (ParseException e) {
            throw new InvalidBundleException(Reason.MALFORMED, "jws: " + e.getMessage());
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidBundleException(Reason.BAD_SIGNATURE, "the signature does not verify with the trusted key for kid " + kid);
        }
        return object(parse(b64u(parts[1], "payload"), "JWS payload"), "JWS payload");
    }

    // The algorithm must fit the key we trust; the header never chooses the key type.
    private static JWSVerifier verifierFor(SigningAlgorithm alg, PublicKey key) throws InvalidBundleException {
        try {
            if (alg == SigningAlgorithm.ES256 && key instanceof ECPublicKey ec) {
                return new ECDSAVerifier(ec);
            }
            if (alg.isRsa() && key instanceof RSAPublicKey rsa) {
                return new RSASSAVerifier(rsa);
            }
        } catch (JOSEException e) {
            throw new InvalidBundleException(Reason.UNSUPPORTED_ALG, "trusted key unusable for " + alg + ": " + e.getMessage());
        }
        throw new InvalidBundleException(Reason.UNSUPPORTED_ALG, "alg " + alg + " does not fit the trusted " + key.getAlgorithm() + " key");
    }

    private static BundleSource files(Object value) throws InvalidBundleException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new InvalidBundleException(Reason.MALFORMED, "files must be an object");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String b64)) {
                throw new InvalidBundleException(Reason.MALFORMED, "file " + e.getKey() + " must be a base64 string");
            }
            try {
                files.put((String) e.getKey(), Base64.getDecoder().decode(b64));
            } catch (IllegalArgumentException ex) {
                throw new InvalidBundleException(Reason.MALFORMED, "file " + e.getKey() + " is not base64");
            }
        }
        try {
            return BundleSource.of(files);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(Reason.MALFORMED, e.getMessage());
        }
    }

    private static byte[] b64u(String part, String what) throws InvalidBundleException {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(Reason.MALFORMED, "JWS " + what + " is not base64url");
        }
    }

    private static Object parse(byte[] json, String what) throws InvalidBundleException {
        try {
            return Json.parse(json);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException(Reason.MALFORMED, what + " is not valid JSON (or repeats a member): "
                    + firstLine(e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) throws InvalidBundleException {
        if (!(value instanceof Map)) {
            throw new InvalidBundleException(Reason.MALFORMED, what + " must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> m, String key) throws InvalidBundleException {
        if (!(m.get(key) instanceof String s) || s.isEmpty()) {
            throw new InvalidBundleException(Reason.MALFORMED, "signed " + key + " must be a non-empty string");
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
