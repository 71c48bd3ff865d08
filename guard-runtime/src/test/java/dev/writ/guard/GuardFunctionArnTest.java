package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hop's child for a Lambda invoke names its callee by unqualified function ARN: the guard matches
 * it with the ARN Lambda invoked it as, version or alias dropped, whatever name the guard is configured with.
 */
class GuardFunctionArnTest {

    private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:" + FUNCTION;

    private static Guard guard(String configuredName) {
        VerifierConfig verifier = Fixtures.verifierConfig().build();
        return Guard.create(GuardConfig.builder().verifier(verifier).functionName(configuredName)
                .logTo(new PrintStream(OutputStream.nullOutputStream())).build());
    }

    /** A direct invoke of {@code FUNCTION} as {@code invokedArn}, the child in its client context. */
    private static Context invokedAs(String invokedArn, String child) {
        return new TestContext(FUNCTION, Map.of("writ", child)).invokedAs(invokedArn);
    }

    private static String childFor(String... audience) {
        return Fixtures.token(Fixtures.validWrit().request(null).audience(audience).parent("parent-jti").build());
    }

    private static Object run(Guard guard, Context context) {
        return guard.handle(Map.of("amount", 1), context, (event, c, writ) -> "ran " + writ.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":live", ":7", ":$LATEST"})
    void runsAChildForItsOwnArnWhicheverVersionOrAliasWasInvoked(String qualifier) {
        assertThat(run(guard(null), invokedAs(ARN + qualifier, childFor(ARN)))).asString().startsWith("ran ");
    }

    @Test
    void refusesAChildForTheSameNameInAnotherAccountOrRegion() {
        for (String other : new String[] {"arn:aws:lambda:eu-west-1:210987654321:function:" + FUNCTION,
            "arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION}) {
            assertThatThrownBy(() -> run(guard(null), invokedAs(ARN, childFor(other))))
                    .isInstanceOf(WritDeniedException.class).hasMessageContaining("WRONG_AUDIENCE");
        }
    }

    @Test
    void matchesTheArnByTheInvokedFunctionAndBareNamesByTheConfiguredName() {
        // WRIT_GUARD_FUNCTION_NAME names the function as the bundle does; the exchange's ARN names
        // the deployed function, which the invoked ARN names whatever the configured name.
        Guard renamed = guard("bundle-name");
        assertThat(run(renamed, invokedAs(ARN + ":live", childFor(ARN)))).asString().startsWith("ran ");
        assertThat(run(renamed, invokedAs(ARN, childFor("bundle-name")))).asString().startsWith("ran ");
        assertThatThrownBy(() -> run(renamed, invokedAs(ARN, childFor(FUNCTION))))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("WRONG_AUDIENCE");
    }

    @Test
    void refusesAnArnChildWhenLambdaReportsNoArnInsteadOfMatchingItsName() {
        assertThatThrownBy(() -> run(guard(null), invokedAs(null, childFor(ARN))))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("WRONG_AUDIENCE");
        assertThat(run(guard(null), invokedAs(null, childFor(FUNCTION)))).asString().startsWith("ran ");
    }
}
