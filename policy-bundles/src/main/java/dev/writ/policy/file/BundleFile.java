package dev.writ.policy.file;


import dev.writ.core.jose.Signer;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.core.jose.CompactJws;
import dev.writ.core.json.Json;
import dev.writ.policy.eval.PolicyBundle;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the signed bundle file: one JSON document
 *
 * <pre>{@code
 * {"format": "writ-bundle/1",
 *  "jws": "<compact JWS, typ writ-bundle+jwt, payload {name, revision, hash, iat}>",
 *  "files": {"<path>": "<base64 of the file bytes>", ...}}
 * }</pre>
 *
 * The JWS signs the content hash, which covers every file (see {@code BundleSource}); the files
 * ride beside it. Signing the hash rather than the files keeps the signing input a few hundred
 * bytes, under the 4,096 bytes KMS {@code Sign} accepts as a RAW message.
 */
public final class BundleFile {
    static final String FORMAT = "writ-bundle/1";
    static final String TYP = "writ-bundle+jwt";

    private BundleFile() {
    }

    /** Signs a compiled (and, by the builder, tested) bundle with {@code signer}. */
    public static byte[] sign(PolicyBundle bundle, Signer signer, Instant issuedAt) {
        return sign(bundle.source(), bundle.manifest().name(), bundle.manifest().revision(), signer, issuedAt);
    }

    // Signs any files under any name: the loader's tests use it to make signed but bad bundles.
    static byte[] sign(BundleSource source, String name, long revision, Signer signer, Instant issuedAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", name);
        payload.put("revision", revision);
        payload.put("hash", source.contentHash());
        payload.put("iat", issuedAt.getEpochSecond());
        String jws = CompactJws.sign(Map.of("typ", TYP), payload, signer);

        Map<String, Object> files = new LinkedHashMap<>();
        for (String path : source.paths()) {
            files.put(path, Base64.getEncoder().encodeToString(source.bytes(path).orElseThrow()));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("jws", jws);
        doc.put("files", files);
        return Json.writeBytes(doc);
    }
}
