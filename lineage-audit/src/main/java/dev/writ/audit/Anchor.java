package dev.writ.audit;

import dev.writ.guard.lineage.internal.ChainHead;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What chains are verified against. With a checkpoint key, the latest checkpoint whose note
 * verified: it pins chain heads (so a truncated or rewritten tail shows) and it dates the
 * lineage (so a record it does not cover, yet dated before it, shows). With a key but no
 * checkpoint that verified, nothing can be vouched for, and every chain holding records is
 * {@code NO_CHECKPOINT}. Without a key there is no anchor: hashes and links only.
 */
public final class Anchor {
    /**
     * How far before a checkpoint a record the checkpoint does not cover may be dated without
     * being flagged. A record's {@code ts} is taken when it is drafted, before its append, which
     * may take retries and lost races (with the default bounds about half a minute at worst), and
     * hosts' clocks differ a little; a minute covers both.
     */
    public static final Duration MARGIN = Duration.ofSeconds(60);

    private static final Anchor NONE = new Anchor(Optional.empty(), false);
    private static final Anchor MISSING = new Anchor(Optional.empty(), true);

    private final Optional<CheckpointNote.Contents> checkpoint;
    private final boolean required;

    private Anchor(Optional<CheckpointNote.Contents> checkpoint, boolean required) {
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.required = required;
    }

    /** No checkpoint key: checkpoints pin nothing, and truncation cannot be seen. */
    public static Anchor none() {
        return NONE;
    }

    /** A checkpoint key, but no checkpoint verified with it. */
    public static Anchor missing() {
        return MISSING;
    }

    /** The latest checkpoint that verified with the key. */
    public static Anchor of(CheckpointNote.Contents checkpoint) {
        return new Anchor(Optional.of(checkpoint), true);
    }

    /** The checkpoint chains are held against, when one verified. */
    public Optional<CheckpointNote.Contents> checkpoint() {
        return checkpoint;
    }

    /** True when a key was given, so a chain without a verified checkpoint cannot be called intact. */
    public boolean required() {
        return required;
    }

    Optional<ChainHead> head(String chain) {
        return checkpoint.flatMap(c -> c.head(chain));
    }
}
