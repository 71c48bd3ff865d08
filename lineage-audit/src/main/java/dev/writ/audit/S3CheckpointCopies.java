package dev.writ.audit;

import dev.writ.core.internal.AwsClients;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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
     * @throws IllegalArgumentException when that object is not a copy
     */
    public Optional<CheckpointCopy> newest() {
        Optional<ObjectVersion> first = s3.get().listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).versions().stream()
                .filter(v -> v.key().endsWith(".json"))
                .max(Comparator.comparing(ObjectVersion::key).thenComparing(ObjectVersion::lastModified, Comparator.reverseOrder()));
        return first.map(v -> CheckpointCopy.parse(s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId()))
                .asUtf8String()));
    }
}
