package dev.writ.guard.writ;

import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.Jws;
import dev.writ.core.jose.MalformedJwsException;
import dev.writ.core.jose.Signer;
import java.util.Map;

/**
 * Writs as compact JWS ({@link CompactJws}: strict, at most {@value CompactJws#MAX_LENGTH}
 * characters, one spelling per token), typed {@value #TYPE}.
 */
public final class WritCodec {

    /** The explicit type of a writ (RFC 8725 §3.11). */
    public static final String TYPE = "writ+jwt";

    private WritCodec() {
    }

    /**
     * Signs {@code claims} with {@code signer}. The header carries {@code alg} (from the signer's
     * key), {@code typ} {@value #TYPE}, {@code kid}, and what the signer adds (a delegated signer:
     * {@code dlg}, listed in {@code crit}).
     *
     * @throws MalformedWritException when the writ would exceed {@value CompactJws#MAX_LENGTH}
     *                                characters (refused before any signature is asked for)
     */
    public static String encode(WritClaims claims, Signer signer) {
        try {
            return CompactJws.sign(Map.of("typ", TYPE), claims.toJson(), signer);
        } catch (MalformedJwsException e) {
            throw new MalformedWritException(e.getMessage());
        }
    }

    /**
     * Reads the claims of a writ <em>without verifying it</em>: for tools that show what a token
     * says (the CLI, logs). Nothing read here may be trusted; only {@link WritVerifier} makes a
     * {@link Writ}.
     *
     * @throws MalformedWritException naming what is wrong (size, parts, base64url, JSON, claims)
     */
    public static WritClaims decodeUnverified(String token) {
        return WritClaims.fromJson(parse(token).payload());
    }

    /** Splits and parses a compact writ (not verified). */
    static Jws parse(String token) {
        try {
            return CompactJws.parse(token);
        } catch (MalformedJwsException e) {
            throw new MalformedWritException(e.getMessage());
        }
    }
}
