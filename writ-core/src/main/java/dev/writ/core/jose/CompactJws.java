package dev.writ.core.jose;

import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compact JWS serialization (RFC 7515 §7.1), strict on the way in: at most {@value #MAX_LENGTH}
 * characters, three base64url parts without padding and in canonical form (so a token has exactly
 * one spelling), header and payload JSON objects without duplicate members. Writs, delegations
 * and bundle signatures are all made and read here.
 */
public final class CompactJws {

    /** Largest accepted token, in characters (8 KiB). */
    public static final int MAX_LENGTH = 8 * 1024;

    /** Characters of an ES256 signature, the shortest a token can carry. */
    private static final int SHORTEST_SIGNATURE = 86;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CompactJws() {
    }

    /**
     * Signs {@code payload} under {@code header} with one snapshot of {@code signer}: the header
     * gets {@code alg} from the signer's key, {@code kid} from the signer, and whatever members
     * the signer adds ({@link Signer#protectedHeader()}).
     *
     * @throws MalformedJwsException when the token would exceed {@value #MAX_LENGTH} characters
     *                               (refused before any signature is asked for)
     * @throws SigningException      when the key cannot sign
     */
    public static String sign(Map<String, Object> header, Map<String, Object> payload, Signer signer) {
        Signer snapshot = signer.current();
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("alg", snapshot.algorithm().name());
        full.putAll(header);
        full.put("kid", snapshot.keyId());
        full.putAll(snapshot.protectedHeader());
        return signAsGiven(full, payload, snapshot);
    }

    private static String signAsGiven(Map<String, Object> header, Map<String, Object> payload, Signer signer) {
        String signingInput = ENCODER.encodeToString(Json.writeBytes(header)) + '.'
                + ENCODER.encodeToString(Json.writeBytes(payload));
        if (signingInput.length() + 1 + SHORTEST_SIGNATURE > MAX_LENGTH) {
            throw new MalformedJwsException("token exceeds " + MAX_LENGTH + " characters");
        }
        byte[] signature = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        String token = signingInput + '.' + ENCODER.encodeToString(signature);
        if (token.length() > MAX_LENGTH) {
            throw new MalformedJwsException("token exceeds " + MAX_LENGTH + " characters");
        }
        return token;
    }

    /**
     * Splits and parses a compact JWS without verifying it.
     *
     * @throws MalformedJwsException naming what is wrong (size, parts, base64url, JSON, header members)
     */
    public static Jws parse(String token) {
        if (token.length() > MAX_LENGTH) {
            throw new MalformedJwsException("token exceeds " + MAX_LENGTH + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new MalformedJwsException("not a compact JWS: expected three dot-separated parts");
        }
        // The parts are decoded in place from the token's ASCII bytes, never copied out as strings.
        // A non-ASCII character becomes '?', which the decoder refuses like any character outside
        // the alphabet.
        byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
        byte[] header = base64url(token, ascii, 0, first, "header");
        byte[] payload = base64url(token, ascii, first + 1, second, "payload");
        // An empty signature part is well-formed JWS (alg "none" uses it); the header check then refuses it.
        String signaturePart = token.substring(second + 1);
        byte[] signature = signaturePart.isEmpty() ? new byte[0]
                : base64url(token, ascii, second + 1, token.length(), "signature");
        return new Jws(JwsHeader.parse(json(header, "header")), json(payload, "payload"),
                Arrays.copyOf(ascii, second), signature, signaturePart);
    }

    private static void checkAlphabet(String token, int from, int to, String name) {
        for (int i = from; i < to; i++) {
            if (sextet(token.charAt(i)) < 0) {
                throw new MalformedJwsException(name + " is not unpadded base64url");
            }
        }
    }

    /** Decodes the part {@code token[from, to)}, whose ASCII bytes are {@code ascii[from, to)}. */
    private static byte[] base64url(String token, byte[] ascii, int from, int to, String name) {
        if (from == to) {
            throw new MalformedJwsException(name + " is not unpadded base64url");
        }
        // Decoding first and reading the characters only when it fails (or decoded padding, which
        // leaves fewer bytes than the characters carry) refuses exactly what checking the alphabet
        // first would, with the same messages, without a second pass over every valid token.
        ByteBuffer decoded = decodeOrNull(ascii, from, to);
        if (decoded == null || decoded.remaining() != (to - from) * 6 / 8) {
            checkAlphabet(token, from, to, name);
            throw new MalformedJwsException(name + " is not valid base64url");
        }
        // Non-canonical encodings (stray low bits in the last character) would let one token be
        // spelled several ways; refuse them so a token has exactly one spelling. The bits a final
        // character of a 2- or 3-character group carries beyond the bytes it encodes must be zero.
        int last = sextet((char) ascii[to - 1]);
        int spare = switch ((to - from) % 4) {
            case 2 -> last & 0x0F;
            case 3 -> last & 0x03;
            default -> 0;
        };
        if (spare != 0) {
            throw new MalformedJwsException(name + " is not canonical base64url");
        }
        byte[] bytes = decoded.array();
        return decoded.remaining() == bytes.length ? bytes : Arrays.copyOf(bytes, decoded.remaining());
    }

    private static ByteBuffer decodeOrNull(byte[] ascii, int from, int to) {
        try {
            return DECODER.decode(ByteBuffer.wrap(ascii, from, to - from));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The 6-bit value of a base64url character ({@code A-Z a-z 0-9 - _}), or -1 for any other character. */
    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }

    private static Map<String, Object> json(byte[] utf8, String name) {
        try {
            return Json.parseReadOnlyObject(utf8);
        } catch (JsonException e) {
            throw new MalformedJwsException(name + " is not a strict JSON object: " + e.getMessage());
        }
    }
}
