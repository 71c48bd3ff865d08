package dev.writ.core.config;

/**
 * A configuration variable that is missing, malformed or out of range: the message names the
 * variable and says what it must be, never echoing a secret value.
 */
public final class ConfigurationException extends RuntimeException {
    private final String variable;

    public ConfigurationException(String variable, String message) {
        super(variable + " " + message);
        this.variable = variable;
    }

    /** The name of the offending variable. */
    public String variable() {
        return variable;
    }
}
