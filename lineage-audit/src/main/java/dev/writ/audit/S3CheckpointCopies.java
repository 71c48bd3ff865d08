package dev.writ.audit;

import dev.writ.core.internal.AwsClients;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * {@link CheckpointCopy}s in an S3 bucket with Object Lock (sam-templates: default retention in
 * compliance mode, so no one, the account's root included, can delete or shorten a copy before
 * its retention ends). One object per checkpoint, key {@code <prefix><seq, 19 digits>.json}.
 * Reading takes the highest seq among all object versions (a delete marker hides nothing) and,
 * of that key, its first version: the one written before anyone could replace it.
 */
public final class S3CheckpointCopies {
    private static final Pattern COPY_NAME = Pattern.compile("[0-9]{19}\\.json");
    private final String bucket;
    private final String prefix;
    private final Supplier<S3Client> s3;

    public S3CheckpointCopies(String bucket, String prefix, Supplier<S3Client> s3) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** {@code s3://bucket/prefix}: the bucket and the key prefix (possibly empty). */
    public static S3CheckpointCopies of(String url, Supplier<S3Client> s3) {
        if (!url.startsWith("s3://") || url.length() == "s3://".length()) {
            throw new IllegalArgumentException("checkpoint copies are at s3://<bucket>/<prefix>, not " + url);
        }
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3CheckpointCopies(rest, "", s3) : new S3CheckpointCopies(rest.substring(0, slash), rest.substring(slash + 1), s3);
    }

    /**
     * An S3 client over the SDK's default chains and its URL-connection HTTP client; path-style
     * addressing when an endpoint is configured (an emulator on loopback has no bucket hostnames).
     */
    public static Supplier<S3Client> defaultClient() {
        boolean endpoint = System.getenv("AWS_ENDPOINT_URL_S3") != null || System.getenv("AWS_ENDPOINT_URL") != null
                || System.getProperty("aws.endpointUrlS3") != null || System.getProperty("aws.endpointUrl") != null;
        return AwsClients.lazy(http -> S3Client.builder().httpClient(http).forcePathStyle(endpoint).build());
    }

    String key(long seq) {
        return prefix + String.format("%019d", seq) + ".json";
    }

    /** Writes the copy of one checkpoint; the bucket's default retention locks it. */
    public void put(CheckpointCopy copy) {
        s3.get().putObject(b -> b.bucket(bucket).key(key(copy.record().seq())).contentType("application/json"),
                RequestBody.fromString(copy.toJson(), StandardCharsets.UTF_8));
    }

    /**
     * The copy of the newest checkpoint copied, as first written; empty when there is none.
     *
     * @throws IllegalArgumentException when that object is not the copy of the checkpoint its key names
     */
    public Optional<CheckpointCopy> newest() {
        return newestVersion(s3.get().listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).versions())
                .map(v -> copyAt(v, s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId())).asUtf8String()));
    }

    /**
     * Of the listed versions, the first written of the key with the highest seq. Keys that are not
     * {@code <prefix><19 digits>.json} are no copies and are passed over: anyone who may write to the
     * bucket can add objects, and a key that sorts last ({@code zzz.json}) must not stand in for the
     * newest copy. S3 lists a key's versions newest first, so of two with one time the later listed is older.
     */
    Optional<ObjectVersion> newestVersion(Iterable<ObjectVersion> versions) {
        ObjectVersion newest = null;
        long newestSeq = -1;
        for (ObjectVersion v : versions) {
            long seq = seq(v.key());
            if (seq < 0) {
                continue;
            }
            if (seq > newestSeq || seq == newestSeq && v.lastModified().compareTo(newest.lastModified()) <= 0) {
                newest = v;
                newestSeq = seq;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** The seq a copy's key names, or -1 for a key that names none. */
    private long seq(String key) {
        String name = key.startsWith(prefix) ? key.substring(prefix.length()) : "";
        if (!COPY_NAME.matcher(name).matches()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 19));
        } catch (NumberFormatException e) {
            return -1; // 19 digits above 2^63 - 1: no seq
        }
    }

    /** The copy in {@code json}, which must be of the checkpoint {@code version}'s key names (else an older copy could pose as the newest). */
    CheckpointCopy copyAt(ObjectVersion version, String json) {
        CheckpointCopy copy;
        try {
            copy = CheckpointCopy.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(version.key() + " (version " + version.versionId() + ") is not a checkpoint copy: " + e.getMessage());
        }
        if (copy.record().seq() != seq(version.key())) {
            throw new IllegalArgumentException(version.key() + " (version " + version.versionId() + ") holds the copy of checkpoint "
                    + copy.record().seq() + ", not of the checkpoint its key names");
        }
        return copy;
    }
}
