package dev.writ.guard.writ;

import dev.writ.guard.json.Json;
import dev.writ.guard.json.JsonException;
import dev.writ.guard.sign.WritSigner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact JWS serialization of writs (RFC 7515 §7.1), strict on the way in: at most
 * {@value #MAX_LENGTH} characters, three base64url parts without padding and in canonical form,
 * headers and claims as JSON objects without duplicate members.
 */
public final class WritCodec {

    /** Largest accepted writ, in characters (8 KiB). */
    public static final int MAX_LENGTH = 8 * 1024;

    /** Characters of an ES256 signature, the shortest a writ can have. */
    private static final int SHORTEST_SIGNATURE = 86;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private WritCodec() {
    }

    /**
     * Signs {@code writ} with {@code signer} and returns the compact writ. The header carries
     * {@code alg} (from the signer's key), {@code typ} {@value WritHeader#TYPE} and {@code kid};
     * a delegated signer adds {@code dlg}, listed in {@code crit}.
     *
     * @throws MalformedWritException when the result would exceed {@value #MAX_LENGTH} characters
     */
    public static String encode(Writ writ, WritSigner rotatingSigner) {
        WritSigner signer = rotatingSigner.current();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", signer.algorithm().name());
        header.put("typ", WritHeader.TYPE);
        header.put("kid", signer.keyId());
        signer.delegation().ifPresent(dlg -> {
            header.put("dlg", dlg);
            header.put("crit", List.of("dlg"));
        });
        return sign(header, writ.toClaims(), signer);
    }

    /** Signs an arbitrary header and payload as compact JWS (used for delegations and tests). */
    public static String sign(Map<String, Object> header, Map<String, Object> payload, WritSigner signer) {
        String signingInput = ENCODER.encodeToString(Json.writeBytes(header)) + '.'
                + ENCODER.encodeToString(Json.writeBytes(payload));
        // The shortest signature (ES256, 86 characters) cannot fit: refuse before a KMS call.
        if (signingInput.length() + 1 + SHORTEST_SIGNATURE > MAX_LENGTH) {
            throw new MalformedWritException("writ exceeds " + MAX_LENGTH + " characters");
        }
        byte[] signature = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        String token = signingInput + '.' + ENCODER.encodeToString(signature);
        if (token.length() > MAX_LENGTH) {
            throw new MalformedWritException("writ exceeds " + MAX_LENGTH + " characters");
        }
        return token;
    }

    /**
     * Splits and parses a compact writ without verifying it.
     *
     * @throws MalformedWritException naming what is wrong (size, parts, base64url, JSON, claims)
     */
    public static DecodedWrit decode(String token) {
        Parts parts = split(token);
        WritHeader header = WritHeader.parse(parts.header());
        Writ writ = Writ.fromClaims(parts.payload());
        return new DecodedWrit(header, writ, parts.signingInput(), parts.signature());
    }

    /**
     * Splits a compact JWS of any type into its parsed header, payload and signature, with the
     * same strictness as {@link #decode(String)}; for artifacts other than writs (delegations).
     */
    public static Parts split(String token) {
        if (token.length() > MAX_LENGTH) {
            throw new MalformedWritException("token exceeds " + MAX_LENGTH + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new MalformedWritException("not a compact JWS: expected three dot-separated parts");
        }
        byte[] header = base64url(token.substring(0, first), "header");
        byte[] payload = base64url(token.substring(first + 1, second), "payload");
        // An empty signature part is well-formed JWS (alg "none" uses it); the header check then refuses it.
        String signaturePart = token.substring(second + 1);
        byte[] signature = signaturePart.isEmpty() ? new byte[0] : base64url(signaturePart, "signature");
        return new Parts(json(header, "header"), json(payload, "payload"),
                token.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
    }

    private static byte[] base64url(String part, String name) {
        if (!isBase64UrlAlphabet(part)) {
            throw new MalformedWritException(name + " is not unpadded base64url");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new MalformedWritException(name + " is not valid base64url");
        }
        // Non-canonical encodings (stray low bits in the last character) would let one token be
        // spelled several ways; refuse them so a token has exactly one spelling.
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw new MalformedWritException(name + " is not canonical base64url");
        }
        return bytes;
    }

    /** Non-empty and only {@code A-Z a-z 0-9 - _}; a loop, because a regex here was a tenth of the guard's cost. */
    private static boolean isBase64UrlAlphabet(String part) {
        if (part.isEmpty()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> json(byte[] utf8, String name) {
        try {
            return Json.parseObject(utf8);
        } catch (JsonException e) {
            throw new MalformedWritException(name + " is not a strict JSON object: " + e.getMessage());
        }
    }

    /**
     * A compact JWS split into its parts.
     *
     * @param header       parsed protected header
     * @param payload      parsed payload
     * @param signingInput ASCII bytes of the first two parts with their dot
     * @param signature    decoded signature
     */
    public record Parts(Map<String, Object> header, Map<String, Object> payload, byte[] signingInput,
                        byte[] signature) {
    }
}
