package dev.writ.audit.witness;

import dev.writ.audit.tlog.AddCheckpointRequest;
import dev.writ.audit.tlog.Cosignature;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.tlog.NoteText;
import dev.writ.audit.tlog.TlogFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Submits checkpoints to one witness over HTTP: {@code POST <url>/add-checkpoint}
 * (c2sp.org/tlog-witness), SigV4-signed with the caller's credentials as a Lambda function URL
 * with {@code AuthType: AWS_IAM} requires (signing name {@code lambda}). A cosignature is only
 * returned after it verifies with the witness's key over the submitted checkpoint. No retries
 * here: the signer decides what a 409 calls for.
 */
public final class WitnessClient {
    /** The longest answer read: a few signature lines. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;

    private final CosignerKey key;
    private final URI url;
    private final Supplier<SdkHttpClient> http;
    private final Supplier<AwsCredentialsProvider> credentials;
    private final Supplier<String> region;
    private final Clock clock;

    WitnessClient(CosignerKey key, URI url, Supplier<SdkHttpClient> http, Supplier<AwsCredentialsProvider> credentials,
                  Supplier<String> region, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.url = url;
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A client of the witness whose cosigner key is {@code key}, at {@code base} (https, or http on
     * loopback for tests); requests go to {@code base} + {@code add-checkpoint}. The HTTP client
     * (2 s to connect, 10 s to read), credentials and region are the SDK's defaults.
     *
     * @throws IllegalArgumentException when the URL is neither
     */
    public static WitnessClient create(CosignerKey key, URI base) {
        return create(key, base, Clock.systemUTC());
    }

    /** As {@link #create(CosignerKey, URI)}, a cosignature dated too far ahead of {@code clock} refused. */
    static WitnessClient create(CosignerKey key, URI base, Clock clock) {
        String host = base.getHost();
        boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host);
        if (host == null || !("https".equals(base.getScheme()) || loopback && "http".equals(base.getScheme()))) {
            throw new IllegalArgumentException("a witness URL is https (http only on loopback): " + base);
        }
        String path = base.getPath() == null || base.getPath().isEmpty() ? "/" : base.getPath();
        URI url = base.resolve(path.endsWith("/") ? path + "add-checkpoint" : path + "/add-checkpoint");
        SdkHttpClient client = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)).build();
        AwsCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
        return new WitnessClient(key, url, () -> client, () -> provider, () -> regionOf(base), clock);
    }

    /** The region of a function URL host ({@code <id>.lambda-url.<region>.on.aws}), else the SDK's region chain. */
    static String regionOf(URI url) {
        String[] labels = url.getHost().split("\\.");
        for (int i = 0; i + 1 < labels.length; i++) {
            if (labels[i].equals("lambda-url")) {
                return labels[i + 1];
            }
        }
        return new DefaultAwsRegionProviderChain().getRegion().id();
    }

    public CosignerKey key() {
        return key;
    }

    /** What the witness answered. */
    public sealed interface Reply permits Cosigned, Stale, Refused {
    }

    /** 200 with a cosignature by the witness's key that verifies over the checkpoint. */
    public record Cosigned(Cosignature cosignature) implements Reply {
    }

    /** 409: the witness holds another size for the log (a stale client, or the log rolled back). */
    public record Stale(long witnessSize) implements Reply {
    }

    /**
     * Anything else: the witness refused (its HTTP status and the first line of its answer), could
     * not be reached ({@code status} 0), or answered 200 without a valid cosignature by its key.
     */
    public record Refused(int status, String detail) implements Reply {
    }

    /** Posts {@code request} and reads the answer; never throws for what the witness or network does. */
    public Reply submit(AddCheckpointRequest request) {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        int status;
        String answer;
        try {
            SignedRequest signed = sign(body);
            HttpExecuteResponse response = http.get().prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            status = response.httpResponse().statusCode();
            answer = read(response);
        } catch (IOException | RuntimeException e) {
            return new Refused(0, "unreachable: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        return reply(status, answer, request.checkpointNote().text());
    }

    Reply reply(int status, String answer, String checkpointText) {
        if (status == 409) {
            // tlog-witness: the body is the size in ASCII decimal; "+5", "007" or "-1" is not a size to retry from.
            long size = NoteText.decimal(answer.strip());
            return size < 0 ? new Refused(status, "409 without the witness's size") : new Stale(size);
        }
        String first = answer.lines().findFirst().orElse("").strip();
        if (status != 200) {
            return new Refused(status, first.length() > 300 ? first.substring(0, 300) : first);
        }
        for (String line : answer.split("\n")) {
            try {
                Cosignature c = Cosignature.parse(line);
                if (key.verify(checkpointText, c)) {
                    // Kept, it would be refused by every verifier until its time comes.
                    return c.isAheadOf(clock.instant()) ? new Refused(status, "a cosignature dated " + c.timestamp() + ", more than "
                            + Cosignature.MAX_AHEAD.toMinutes() + " minutes ahead of this clock") : new Cosigned(c);
                }
            } catch (TlogFormatException e) {
                // not a cosignature line; the witness may send others (other algorithms)
            }
        }
        return new Refused(status, "200 without a cosignature by " + key.keyName() + " that verifies over the checkpoint");
    }

    private SignedRequest sign(byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url)
                .putHeader("Content-Type", "text/plain; charset=utf-8").build();
        AwsCredentialsIdentity identity = credentials.get().resolveCredentials();
        return AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.get()));
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return key.keyName() + " at " + url;
    }
}
