package dev.writ.e2e;

import java.net.ConnectException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end tests run where they were explicitly sent, say where (and LocalStack's version), and fail, never
 * skip, saying what to do otherwise.
 */
class EndpointsTest {
    // What LocalStack 4.14.0 answers (abridged), captured from the one scripts/test starts.
    private static final String INFO = "{\"version\": \"4.14.0\", \"edition\": \"unknown\", \"is_license_activated\": false,"
            + " \"is_docker\": false, \"uptime\": 8}";
    private static final String HEALTH = "{\"services\": {\"dynamodb\": \"running\", \"dynamodbstreams\": \"running\","
            + " \"kms\": \"available\", \"s3\": \"disabled\"}, \"edition\": \"unknown\", \"version\": \"4.14.0\"}";

    private static Endpoints.Fetcher answering(String info, String health) {
        return uri -> uri.getPath().equals("/_localstack/info") ? info : health;
    }

    private static final Endpoints.Fetcher UNUSED = uri -> {
        throw new AssertionError("no call expected, got " + uri);
    };

    @Test
    void theDirectEmulatorsAloneAreNoLongerEnoughWithoutTheExplicitOptOut() {
        // What scripts/test exported before LocalStack ran the end-to-end tests.
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:5000"), UNUSED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("WRIT_LOCALSTACK_ENDPOINT is not set")
                .hasMessageContaining("scripts/test").hasMessageContaining("WRIT_LOCALSTACK=off")
                .hasMessageContaining(Endpoints.REAL_AWS);
    }

    @Test
    void failsWithoutARegionNamingTheTestCommand() {
        assertThatThrownBy(() -> Endpoints.resolve(Map.of(Endpoints.LOCALSTACK_ENDPOINT, "http://127.0.0.1:4566"), UNUSED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("AWS_REGION").hasMessageContaining("scripts/test");
    }

    @Test
    void runsOnTheLocalStackItNamesWithItsVersionAndServices() {
        Endpoints.Target target = Endpoints.resolve(Map.of("AWS_REGION", "us-east-1",
                Endpoints.LOCALSTACK_ENDPOINT, "http://127.0.0.1:24566/"), answering(INFO, HEALTH));

        assertThat(target.localStack()).isEqualTo(URI.create("http://127.0.0.1:24566"));
        assertThat(target.description())
                .isEqualTo("LocalStack 4.14.0 at http://127.0.0.1:24566 (dynamodb running, kms available)");
    }

    @Test
    void theWritCommandIsSentToTheLocalStackNotToTheDirectEmulators() {
        Endpoints.Target target = new Endpoints.Target("LocalStack", URI.create("http://127.0.0.1:24566"));
        Map<String, String> environment = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "PATH", "/usr/bin",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:5000"));

        target.applyTo(environment);

        assertThat(environment).containsExactlyInAnyOrderEntriesOf(Map.of("AWS_REGION", "us-east-1", "PATH", "/usr/bin",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:24566"));
    }

    @Test
    void aLocalStackThatDoesNotAnswerFailsTheTestsNamingIt() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1", Endpoints.LOCALSTACK_ENDPOINT, endpoint),
                Endpoints::get))
                .isInstanceOf(AssertionError.class).hasMessageContaining("LocalStack at " + endpoint + " does not answer")
                .hasMessageContaining(ConnectException.class.getName());
    }

    @Test
    void anEndpointThatIsNotLocalStackIsRefused() {
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1",
                Endpoints.LOCALSTACK_ENDPOINT, "http://127.0.0.1:5000"), answering("{\"status\": \"ok\"}", "{}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not as LocalStack does");
    }

    @Test
    void aLocalStackWithoutKmsIsRefusedNamingTheService() {
        String noKms = "{\"services\": {\"dynamodb\": \"running\", \"kms\": \"disabled\"}, \"version\": \"4.14.0\"}";
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1",
                Endpoints.LOCALSTACK_ENDPOINT, "http://127.0.0.1:4566"), answering(INFO, noKms)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not run kms (state: disabled)")
                .hasMessageContaining("dynamodb,kms");
    }

    @Test
    void anEndpointMustBeAnHttpUrl() {
        for (String bad : new String[] {"localhost:4566", "ftp://127.0.0.1:4566", "http:// spaced"}) {
            assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1", Endpoints.LOCALSTACK_ENDPOINT, bad),
                    UNUSED))
                    .as(bad).isInstanceOf(AssertionError.class).hasMessageContaining("must be a URL");
        }
    }

    @Test
    void theDirectEmulatorsOnlyByTheExplicitOptOutWhichSaysSo() {
        Endpoints.Target target = Endpoints.resolve(Map.of("AWS_REGION", "us-east-1", Endpoints.LOCALSTACK, "off",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:5000"), UNUSED);

        assertThat(target.localStack()).isNull();
        assertThat(target.description()).contains("NOT LocalStack").contains("WRIT_LOCALSTACK=off")
                .contains("DynamoDB http://127.0.0.1:8000").contains("KMS http://127.0.0.1:5000");
    }

    @Test
    void theOptOutStillNeedsAnEndpointForKms() {
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1", Endpoints.LOCALSTACK, "off",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"), UNUSED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("AWS_ENDPOINT_URL_KMS");
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1", Endpoints.LOCALSTACK, "off",
                "AWS_ENDPOINT_URL", " "), UNUSED))
                .as("blank counts as missing").isInstanceOf(AssertionError.class).hasMessageContaining("DYNAMODB");
    }

    @Test
    void anOptOutOtherThanOffIsRefused() {
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1", Endpoints.LOCALSTACK, "no"), UNUSED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("either unset or off, not 'no'");
    }

    @Test
    void twoChoicesAtOnceAreRefused() {
        assertThatThrownBy(() -> Endpoints.resolve(Map.of("AWS_REGION", "us-east-1", Endpoints.REAL_AWS, "true",
                Endpoints.LOCALSTACK_ENDPOINT, "http://127.0.0.1:4566"), UNUSED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not WRIT_LOCALSTACK_ENDPOINT=http://127.0.0.1:4566 and WRIT_E2E_REAL_AWS=true");
    }

    @Test
    void aRealAccountOnlyByItsExplicitOptIn() {
        Endpoints.Target target = Endpoints.resolve(Map.of("AWS_REGION", "eu-west-1", Endpoints.REAL_AWS, "true"), UNUSED);
        assertThat(target.localStack()).isNull();
        assertThat(target.description()).isEqualTo("a real AWS account in eu-west-1 (WRIT_E2E_REAL_AWS=true)");
    }
}
