package dev.writ.core.keys;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.testsupport.Emulators;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.JwsFailure;
import dev.writ.core.jose.JwsVerification;
import dev.writ.core.jose.JwsVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The failed-fetch penalty against the KMS emulator over HTTP. The resolver's client reaches the
 * emulator through a TCP relay on loopback that counts connections and can be switched off, where
 * it accepts and closes each connection as a stopped KMS endpoint would fail it. The client's SDK
 * retries are off, so one fetch is one connection.
 */
class KmsKeyResolverIT {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final String TYPE = "test+jwt";

    @Test
    void whileKmsIsDownOneConnectionPerPeriodThenTheKeyOnceItIsBack() throws Exception {
        Emulators.require("KMS");
        KmsClient emulator = AwsClients.lazyKms().get();
        String keyArn = emulator.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().arn();
        String token = CompactJws.sign(Map.of("typ", TYPE), Map.of("sub", "user-42"), KmsSigner.create(emulator, keyArn));

        try (Relay kms = new Relay(URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL_KMS",
                System.getenv("AWS_ENDPOINT_URL"))));
             KmsClient throughRelay = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                     .endpointOverride(kms.endpoint())
                     .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            JwsVerifier verifier = JwsVerifier.of(TYPE, Set.of(),
                    new KmsKeyResolver(Set.of(keyArn), () -> throughRelay, RETRY_AFTER));

            JwsVerification first = verifier.verify(token);
            assertThat(first.failure()).contains(JwsFailure.UNKNOWN_KEY);
            assertThat(first.detail()).isEqualTo("GetPublicKey failed for " + keyArn + ": SdkClientException");
            long firstFailed = System.nanoTime();
            for (int i = 0; i < 25; i++) {
                JwsVerification again = verifier.verify(token);
                assertThat(again.failure()).contains(JwsFailure.UNKNOWN_KEY);
                assertThat(again.detail()).isEqualTo(first.detail());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - firstFailed)).as("the 25 fell within the period")
                    .isLessThan(RETRY_AFTER);
            assertThat(kms.connections()).isEqualTo(1);

            sleepPast(RETRY_AFTER);
            assertThat(verifier.verify(token).detail()).isEqualTo(first.detail());
            assertThat(kms.connections()).as("one more attempt after the period").isEqualTo(2);

            kms.up();
            assertThat(verifier.verify(token).detail())
                    .as("KMS is back, but the new period is not over").isEqualTo(first.detail());
            assertThat(kms.connections()).isEqualTo(2);

            sleepPast(RETRY_AFTER);
            for (int i = 0; i < 5; i++) {
                JwsVerification allowed = verifier.verify(token);
                assertThat(allowed.isVerified()).as(allowed.toString()).isTrue();
            }
            assertThat(kms.connections()).as("fetched once, then cached").isEqualTo(3);
        }
    }

    private static void sleepPast(Duration period) throws InterruptedException {
        Thread.sleep(period.toMillis() + 200);
    }

    /** A TCP relay to the emulator on a free loopback port: off (accept, then close) until {@link #up}. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final URI target;
        private final AtomicInteger connections = new AtomicInteger();
        private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
        private volatile boolean up;

        Relay(URI target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon(this::accept);
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        int connections() {
            return connections.get();
        }

        void up() {
            up = true;
        }

        private void accept() {
            while (true) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException closed) {
                    return;
                }
                connections.incrementAndGet();
                if (!up) {
                    closeQuietly(client);
                    continue;
                }
                try {
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    open.addAll(List.of(client, upstream));
                    daemon(() -> pipe(client, upstream));
                    daemon(() -> pipe(upstream, client));
                } catch (IOException e) {
                    closeQuietly(client);
                }
            }
        }

        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // one side went away; closing both ends the other pipe too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "kms-relay");
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            open.forEach(Relay::closeQuietly);
        }
    }
}
