package dev.writ.lineagefn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.core.config.ConfigurationException;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

/** {@code WRIT_CHECKPOINT_WITNESSES}: each bad entry refused naming the variable and the entry. */
class WitnessEndpointsTest {
    private static CosignerKey key(String name) throws Exception {
        return new CosignatureSigner(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair()).key();
    }

    @Test
    void readsEntriesAndIgnoresEmptyOnes() throws Exception {
        String a = key("w.example/a").verifierKey();
        String b = key("w.example/b").verifierKey();
        assertThat(WitnessEndpoints.parse("")).isEmpty();
        assertThat(WitnessEndpoints.parse(a + " https://a.lambda-url.eu-west-1.on.aws/ , ," + b + "  https://b.example/w/"))
                .extracting(c -> c.key().keyName()).containsExactly("w.example/a", "w.example/b");
    }

    @Test
    void refusesWhatIsNotAKeyAndAnHttpsUrl() throws Exception {
        String a = key("w.example/a").verifierKey();
        assertThatThrownBy(() -> WitnessEndpoints.parse(a)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WRIT_CHECKPOINT_WITNESSES").hasMessageContaining("'<verifier key> <url>'");
        assertThatThrownBy(() -> WitnessEndpoints.parse(a + " http://witness.example/")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("https (http only on loopback)");
        assertThatThrownBy(() -> WitnessEndpoints.parse("w.example/a+00000000+AAAA https://w.example/"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("entry w.example/a+00000000+AAAA");
        assertThatThrownBy(() -> WitnessEndpoints.parse(a + " https://x.example/," + a + " https://y.example/"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two witnesses are named w.example/a");
    }

    @Test
    void refusesOneKeyUnderTwoNamesAtStartAsATrustFileWould() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String a = new CosignatureSigner("w.example/a", pair).key().verifierKey();
        String b = new CosignatureSigner("w.example/b", pair).key().verifierKey();
        String value = a + " https://a.example/," + b + " https://b.example/";
        assertThatThrownBy(() -> WitnessEndpoints.parse(value)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WRIT_CHECKPOINT_WITNESSES").hasMessageContaining("witness w.example/b has the key of another witness");
    }
}
