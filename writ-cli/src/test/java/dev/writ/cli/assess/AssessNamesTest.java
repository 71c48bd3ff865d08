package dev.writ.cli.assess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The names writ assess recognises Writ by (WritNames) still name Writ's classes in this repository:
 * a rename elsewhere fails here instead of silently grading every function "none".
 */
class AssessNamesTest {
    private static final Path ROOT = Path.of("..");

    private static String source(String module, String className) throws IOException {
        Path file = ROOT.resolve(module).resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
        assertThat(file).as(className + " in " + module).exists();
        return Files.readString(file);
    }

    @Test
    void theKnownGuardedHandlersAreWritExamplesThatExtendTheGuardedHandler() throws IOException {
        for (String handler : WritNames.GUARDED_HANDLERS) {
            assertThat(source("examples/guarded-payments", handler)).as(handler).containsPattern("extends Guarded(Request|Stream)Handler");
        }
    }

    @Test
    void theComponentPackagesHoldTheHandlersTheTemplateDeploys() throws IOException {
        String template = Files.readString(ROOT.resolve("sam-templates/template.yaml"));
        for (String[] c : new String[][] {
                {"authorizer-fn", WritNames.AUTHORIZER_PACKAGE + "RestAuthorizerFunction"},
                {"authorizer-fn", WritNames.AUTHORIZER_PACKAGE + "HttpSimpleAuthorizerFunction"},
                {"authorizer-fn", WritNames.AUTHORIZER_PACKAGE + "ExchangeFunction"},
                {"authorizer-fn", WritNames.AUTHORIZER_PACKAGE + "ToolCallFunction"},
                {"lineage-fn", WritNames.STREAM_VERIFIER_PACKAGE + "StreamVerifierFunction"},
                {"lineage-fn", WritNames.CHECKPOINT_PACKAGE + "CheckpointFunction"}}) {
            assertThat(template).contains("Handler: " + c[1]);
            source(c[0], c[1]);
        }
    }

    /** The guard reads each setting from one of the names writ assess accepts for it. */
    @Test
    void theGuardVariablesAreTheOnesTheGuardReads() throws IOException {
        String config = source("guard-runtime", "dev.writ.guard.GuardConfig");
        for (WritNames.Variable v : new WritNames.Variable[] {WritNames.TRUSTED_ISSUERS, WritNames.TRUSTED_KMS_KEYS,
                WritNames.TRUSTED_JWKS, WritNames.REPLAY_TABLE, WritNames.MIN_BUNDLE_REVISION, WritNames.CLOCK_SKEW, WritNames.MAX_LIFETIME}) {
            assertThat(v.names()).as(v.primary()).anySatisfy(name -> assertThat(config).contains('"' + name + '"'));
        }
    }

    /** writ assess recognises an exchange by its handler or by the variable both exchanges require. */
    @Test
    void theExchangeNamesAreTheExchanges() throws IOException {
        assertThat(WritNames.EXCHANGE_HANDLERS).allSatisfy(h -> source("authorizer-fn", h));
        assertThat(source("authorizer", "dev.writ.authorizer.exchange.ExchangeConfig")).contains('"' + WritNames.EXCHANGE_ACCOUNT.primary() + '"');
    }

    /** writ assess allows a guard's time windows up to the guard's own defaults. */
    @Test
    void theWindowDefaultsAreTheGuards() throws IOException {
        assertThat(source("guard-runtime", "dev.writ.guard.writ.VerifierConfig"))
                .contains("DEFAULT_CLOCK_SKEW = Duration.ofSeconds(" + WritNames.DEFAULT_CLOCK_SKEW_SECONDS + ")")
                .contains("DEFAULT_MAX_LIFETIME = Duration.ofSeconds(" + WritNames.DEFAULT_MAX_LIFETIME_SECONDS + ")");
    }
}
