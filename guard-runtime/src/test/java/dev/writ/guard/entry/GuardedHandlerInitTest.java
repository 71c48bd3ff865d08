package dev.writ.guard.entry;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.api.client.UserFault;
import com.nimbusds.jose.jwk.JWK;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.entry.handlers.Broken;
import dev.writ.guard.entry.handlers.Handlers;
import dev.writ.guard.entry.handlers.Received;
import dev.writ.testsupport.TestJwks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The entry point's init: a handler name Lambda could not run fails it, naming the variable and
 * the handler (where the runtime itself would fail only each invocation, the function here never
 * starts); what the handler's own code throws while Lambda loads it is the init error Lambda
 * reports without Writ, compared with the runtime's own loader ({@link LambdaRuntime}).
 */
class GuardedHandlerInitTest {

    private final Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .functionName(FUNCTION).logTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build());

    @TempDir
    Path dir;

    @BeforeEach
    void clear() {
        Received.clear();
    }

    private GuardedHandler entry(String handler) {
        return new GuardedHandler(guard, Environment.of(Map.of("WRIT_GUARD_HANDLER", handler)));
    }

    static Stream<Arguments> handlersLambdaCouldNotRun() {
        String methods = Handlers.Methods.class.getName();
        return Stream.of(
                Arguments.of("::handle", "not Class or Class::method"),
                Arguments.of(methods + "::", "not Class or Class::method"),
                Arguments.of("com.example.payments.Missing", "class com.example.payments.Missing is not on the function's class path"),
                Arguments.of("com.example.payments.Missing::handle", "class com.example.payments.Missing is not on the function's class path"),
                Arguments.of(methods + "::settle", "class " + methods + " has no public method settle"),
                Arguments.of(methods + "::backwards", "class " + methods + " has no public method backwards with a signature Lambda accepts"),
                Arguments.of(Broken.NotAHandler.class.getName(), "implements neither RequestHandler nor RequestStreamHandler, and no method is named"),
                Arguments.of(Broken.NoConstructor.class.getName(), "has no public zero-argument constructor"),
                Arguments.of(Broken.Raw.class.getName(), "does not implement RequestHandler with concrete type parameters"),
                Arguments.of(Handlers.Base.class.getName(), "parameter T has no upper bound"),
                Arguments.of(Broken.Abstract.class.getName(), "is abstract"),
                Arguments.of(GuardedHandler.class.getName(), "Writ's entry point itself"),
                Arguments.of(Broken.AlreadyGuarded.class.getName(), "is guarded in its own code (a GuardedRequestHandler)"));
    }

    @ParameterizedTest
    @MethodSource("handlersLambdaCouldNotRun")
    void aHandlerLambdaCouldNotRunFailsTheInitNamingTheVariableAndTheHandler(String handler, String reason) {
        assertThatThrownBy(() -> entry(handler)).isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.variable()).isEqualTo("WRIT_GUARD_HANDLER");
            assertThat(e).hasMessageStartingWith("WRIT_GUARD_HANDLER names " + handler + ": ").hasMessageContaining(reason)
                    .hasMessageEndingWith("; the function does not start unguarded");
        });
        assertThat(Received.events()).isEmpty();
    }

    @Test
    void anUnsetOrBlankVariableFailsTheInit() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("WRIT_GUARD_HANDLER", "  "))) {
            assertThatThrownBy(() -> new GuardedHandler(guard, Environment.of(env)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("WRIT_GUARD_HANDLER is not set: it names the function's own handler");
        }
    }

    // The handler's own code failing at init: the error Lambda reports without Writ.

    @Test
    void aConstructorThatThrowsFailsTheInitWithTheErrorLambdaReportsWithoutWrit() {
        String handler = Broken.Constructor.class.getName();
        UserFault expected = initError(handler, LambdaRuntime.class.getClassLoader());
        EntryUnderTest.next = () -> entry(handler);
        UserFault actual = initError(EntryUnderTest.class.getName(), LambdaRuntime.class.getClassLoader());
        assertSameInitError(actual, expected);
        assertThat(actual.msg).isEqualTo("cannot reach the ledger");
    }

    @Test
    void aStaticInitialiserThatThrowsFailsTheInitWithTheErrorLambdaReportsWithoutWrit() {
        String handler = Broken.StaticInit.class.getName();
        UserFault expected = initError(handler, freshLoaderFor(handler));
        EntryUnderTest.next = () -> entry(handler);
        UserFault actual = initError(EntryUnderTest.class.getName(), freshLoaderFor(handler));
        assertSameInitError(actual, expected);
        assertThat(actual.msg).isEqualTo("Error loading class " + handler);
        assertThat(actual.trace).as("the handler's own exception stays in the logged trace").contains("PAYMENTS_TABLE is not set");
    }

    private static UserFault initError(String handler, ClassLoader loader) {
        try {
            LambdaRuntime.load(handler, loader);
        } catch (UserFault fault) {
            return fault;
        }
        throw new AssertionError(handler + " loaded without an init error");
    }

    private static void assertSameInitError(UserFault actual, UserFault expected) {
        assertThat(expected.fatal).as("the runtime fails the init").isTrue();
        assertThat(actual.fatal).isTrue();
        assertThat(actual.exception).isEqualTo(expected.exception);
        assertThat(actual.msg).isEqualTo(expected.msg);
    }

    /** A loader in which {@code className} is loaded afresh (a static initialiser fails once per loader). */
    private static ClassLoader freshLoaderFor(String className) {
        URL classes = GuardedHandlerInitTest.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {classes}, GuardedHandlerInitTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(className)) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
            }
        };
    }

    // The public constructor, in fresh JVMs with a real environment.

    @Test
    void withoutAGuardConfigurationTheInitFailsBeforeTheHandlersClassIsEvenLoaded() throws Exception {
        String out = probe(Map.of("WRIT_GUARD_HANDLER", Broken.StaticInit.class.getName()));
        assertThat(out).startsWith(ConfigurationException.class.getName() + ": WRIT_GUARD_TRUSTED_KEYS and WRIT_GUARD_TRUSTED_JWKS are both unset")
                .doesNotContain("PAYMENTS_TABLE");
    }

    @Test
    void thePublicConstructorReadsTheGuardAndTheHandlerFromTheEnvironment() throws Exception {
        JWK key = Fixtures.key(SigningAlgorithm.ES256);
        Path jwks = Files.writeString(dir.resolve("jwks.json"), TestJwks.publicJwks(key));
        Map<String, String> guardEnv = Map.of("WRIT_GUARD_TRUSTED_JWKS", jwks.toString(),
                "WRIT_GUARD_TRUSTED_ISSUERS", Fixtures.ISSUER);
        assertThat(probe(guardEnv)).isEqualTo(ConfigurationException.class.getName()
                + ": WRIT_GUARD_HANDLER is not set: it names the function's own handler (Class or Class::method), run after the guard");
        Map<String, String> withHandler = new java.util.HashMap<>(guardEnv);
        withHandler.put("WRIT_GUARD_HANDLER", Handlers.Api.class.getName());
        assertThat(probe(withHandler)).isEqualTo("started");
    }

    /** Runs {@link EntryProbe} with exactly {@code env} (nothing inherited); its first line of output. */
    private static String probe(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EntryProbe.class.getName()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().filter(l -> !l.isBlank()).reduce((first, second) -> first + "\n" + second).orElse("").strip();
    }
}
