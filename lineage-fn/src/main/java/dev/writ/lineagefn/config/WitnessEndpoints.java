package dev.writ.lineagefn.config;

import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.witness.WitnessClient;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Variable;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** The witnesses' cosigner keys, in order (what the auditor API's trust file names). */
    public static List<CosignerKey> keys(String value) {
        return List.copyOf(entries(value).keySet());
    }

    private static Map<CosignerKey, String> entries(String value) {
        Map<CosignerKey, String> out = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
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
            if (!names.add(key.keyName())) {
                throw new ConfigurationException(WITNESSES.name(), "two witnesses are named " + key.keyName());
            }
            out.put(key, parts[1]);
        }
        return out;
    }
}
