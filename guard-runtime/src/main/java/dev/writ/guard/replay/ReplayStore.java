package dev.writ.guard.replay;

import java.time.Instant;

/** Remembers consumed single-use writ ids until they could no longer verify anyway. */
public interface ReplayStore {

    /**
     * Consumes {@code jti} atomically.
     *
     * @param keepUntil when the record may be forgotten (the writ's expiry plus the clock skew)
     * @return true on first use, false when {@code jti} was consumed before
     * @throws ReplayStoreUnavailableException when the store cannot answer; the guard then denies
     */
    boolean consume(String jti, Instant keepUntil);
}
