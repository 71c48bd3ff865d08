package dev.writ.authorizer.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer tokens whose signature this container verified recently, so that a caller's next requests
 * with the same token skip the signature check (about a third of a warm decision). Only what the
 * signature proved is remembered: the caller checks the claims ({@code exp}, {@code nbf}, ...) again
 * on every use. An entry is trusted for at most {@code maxAge} on the authenticator's clock, so a
 * key withdrawn from the JWKS stops admitting its tokens within the JWKS cache lifetime plus that.
 *
 * <p>Keyed by the SHA-256 of the token text: a lookup compares digests, never a secret token
 * against attacker-chosen text, and an entry holds 32 bytes of key instead of the token. At most
 * {@code maxTokens} entries, least recently used dropped first (the JDK's {@link LinkedHashMap} in
 * access order; Caffeine added ~50 ms to a cold start, for a map a Lambda container uses one request
 * at a time). Thread-safe.
 */
final class VerifiedTokens {

    /** What a verified token showed, and when its signature was checked. */
    record Entry(JWTClaimsSet claims, Caller caller, Instant verifiedAt) {
    }

    private final Map<ByteBuffer, Entry> entries;
    private final Duration maxAge;
    private final Clock clock;

    VerifiedTokens(int maxTokens, Duration maxAge, Clock clock) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Entry> eldest) {
                return size() > maxTokens;
            }
        };
    }

    /** The key of a token's entry. */
    static ByteBuffer key(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The entry for this key, if its signature was verified less than {@code maxAge} ago. */
    Entry get(ByteBuffer key) {
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && clock.instant().isAfter(entry.verifiedAt().plus(maxAge))) {
                entries.remove(key);
                return null;
            }
            return entry;
        }
    }

    void put(ByteBuffer key, JWTClaimsSet claims, Caller caller) {
        Entry entry = new Entry(claims, caller, clock.instant());
        synchronized (entries) {
            entries.put(key, entry);
        }
    }

    void forget(ByteBuffer key) {
        synchronized (entries) {
            entries.remove(key);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
