package dev.writ.lineagefn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.core.config.ConfigurationException;
import io.micronaut.context.ApplicationContext;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad {@code WRIT_CHECKPOINT_WITNESSES} stops the application context as it starts, which for a
 * Lambda handler is its init: no request reaches a controller or the signer that would build the
 * witnesses then. Lambda reports the init error in the function's log; API Gateway answers the
 * caller 502 without a word of it.
 */
class CheckpointWitnessesTest {

    @Test
    void aBadValueStopsTheContextAtStartNamingTheVariable() {
        for (String bad : new String[] {"not-a-key https://w.example/", "w.example/a+00000000+AAAA https://w.example/"}) {
            assertThatThrownBy(() -> ApplicationContext.run(Map.of("writ.checkpoint.witnesses", bad))).as(bad)
                    .rootCause().isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_CHECKPOINT_WITNESSES");
        }
    }

    @Test
    void aGoodValueIsReadOnceForTheSignerAndTheTrustFile() throws Exception {
        CosignerKey a = new CosignatureSigner("w.example/a", KeyPairGenerator.getInstance("Ed25519").generateKeyPair()).key();
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("writ.checkpoint.witnesses", a.verifierKey() + " https://a.example/"))) {
            CheckpointWitnesses witnesses = ctx.getBean(CheckpointWitnesses.class);
            assertThat(witnesses.keys()).containsExactly(a);
            assertThat(witnesses.clients()).extracting(Object::toString).containsExactly("w.example/a at https://a.example/add-checkpoint");
        }
    }
}
