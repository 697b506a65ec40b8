package dev.kvconfig.spring;

import org.springframework.boot.context.config.ConfigDataException;

/**
 * Startup cannot import a vault: bad or missing {@code keyvault.*} settings, a malformed {@code keyvault:} location, an
 * unknown alias, a vault that could not be loaded without {@code optional:}, or a {@code keyvault.tls-material.<name>}
 * group whose certificate cannot make SSL bundle {@code <name>}. {@link KeyVaultFailureAnalyzer} prints
 * {@link #description()} and {@link #action()} as Boot's "APPLICATION FAILED TO START" report. Nothing is left running
 * when it is thrown: vaults opened earlier in the same startup are closed. Never carries a secret value.
 */
public class KeyVaultConfigException extends ConfigDataException {

    private final String description;
    private final String action;

    KeyVaultConfigException(String description, String action, Throwable cause) {
        super(description + ". " + action, cause);
        this.description = description;
        this.action = action;
    }

    /** What is wrong, naming the key as users write it. */
    public String description() {
        return description;
    }

    /** How to fix it. */
    public String action() {
        return action;
    }
}
