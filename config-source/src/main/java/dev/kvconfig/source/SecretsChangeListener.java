package dev.kvconfig.source;

/**
 * Told when a refresh publishes a snapshot that differs from the previous one. Callers: adapters (framework refresh
 * events) and applications, through {@link KeyVaultConfigSource#addChangeListener}.
 *
 * <p>Called on the vault's refresher thread after the new snapshot is visible, once per change, never concurrently for
 * one source. Keep it short; an exception it throws is logged (listener class only) and does not stop the refresher or
 * other listeners.
 */
@FunctionalInterface
public interface SecretsChangeListener {

    void onChange(SecretsChangeEvent event);
}
