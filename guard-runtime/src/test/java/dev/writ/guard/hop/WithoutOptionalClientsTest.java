package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A function that ships only some SDK service modules (here: SQS, without Lambda, SNS,
 * EventBridge and Step Functions) loads the globally registered interceptor and gets child writs
 * on its SQS messages: the interceptor names each service's model classes only in that service's
 * carrier class.
 */
class WithoutOptionalClientsTest {

    /** The absent services, and the optional crypto provider (its background self-test would outlive the loader). */
    private static final List<String> ABSENT = List.of("/lambda-", "/sns-", "/eventbridge-", "/sfn-",
            "/AmazonCorrettoCryptoProvider-");

    @Test
    void theInterceptorWorksWithoutTheOtherServicesOnTheClassPath() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(classPathWithout(ABSENT), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.services.sns.model.PublishRequest", false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
            Class.forName(WritHopInterceptor.class.getName(), true, loader);

            @SuppressWarnings("unchecked")
            Supplier<String> send = (Supplier<String>) loader.loadClass(IsolatedSqsSend.class.getName())
                    .getConstructor().newInstance();
            assertThat(send.get()).as("the writ attribute of the SQS message").isNotBlank();
        }
    }

    /** The test class path (Surefire's, when it runs through a manifest-only jar) without the jars named. */
    private static URL[] classPathWithout(List<String> absent) {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> absent.stream().noneMatch(entry.replace(File.separatorChar, '/')::contains))
                .map(WithoutOptionalClientsTest::url).toArray(URL[]::new);
    }

    private static URL url(String entry) {
        try {
            return new File(entry).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
