package dev.writ.lineagefn.config;

import dev.writ.audit.proof.MalformedBundleException;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.witness.WitnessClient;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Variable;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The witnesses the checkpoint signer submits to, from {@code WRIT_CHECKPOINT_WITNESSES}:
 * comma-separated entries {@code <cosigner verifier key> <url>} (the witness stack's outputs
 * {@code WitnessVerifierKey} and {@code WitnessUrl}). Empty or unset: no witnesses.
 */
public final class WitnessEndpoints {
    public static final Variable WITNESSES = Variable.of("WRIT_CHECKPOINT_WITNESSES");

    private WitnessEndpoints() {
    }

    /**
     * @throws ConfigurationException naming the variable and the entry when an entry is not a
     *     type 0x04 verifier key and an https URL, or two entries name the same witness
     *     or give the same key (which a trust file naming them would refuse)
     */
    public static List<WitnessClient> parse(String value) {
        List<WitnessClient> out = new ArrayList<>();
        entries(value).forEach((key, url) -> {
            try {
                out.add(WitnessClient.create(key, URI.create(url)));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(WITNESSES.name(), "entry " + key.keyName() + ": " + e.getMessage());
            }
        });
        return out;
    }

    private static Map<CosignerKey, String> entries(String value) {
        List<CosignerKey> keys = new ArrayList<>();
        Map<CosignerKey, String> out = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split(" +");
            if (parts.length != 2) {
                throw new ConfigurationException(WITNESSES.name(), "an entry is '<verifier key> <url>': " + e);
            }
            CosignerKey key;
            try {
                key = CosignerKey.parse(parts[0]);
            } catch (IllegalArgumentException ex) {
                throw new ConfigurationException(WITNESSES.name(), "entry " + e + ": " + ex.getMessage());
            }
            keys.add(key);
            out.put(key, parts[1]);
        }
        try { // what GET /api/trust names must be a trust file a verifier accepts
            TrustPolicy.requireDistinct(keys);
        } catch (MalformedBundleException e) {
            throw new ConfigurationException(WITNESSES.name(), e.getMessage());
        }
        return out;
    }
}
