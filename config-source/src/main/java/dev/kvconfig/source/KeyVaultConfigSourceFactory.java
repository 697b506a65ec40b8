package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * SmallRye entry point, registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}: one
 * {@link KeyVaultConfigSource} for {@code keyvault.url} and one per {@code keyvault.vaults.<alias>.url}, none when no URL
 * is set. Settings are read from the lower-ordinal sources SmallRye offers through {@link ConfigSourceContext}
 * (application.properties, system properties, {@code KEYVAULT_URL} in the environment, …).
 *
 * <p>Each call builds new sources that share nothing with earlier ones. Startup is all or nothing: if one vault fails
 * (and is not optional), sources already started by this call are closed before the exception propagates.
 */
public final class KeyVaultConfigSourceFactory implements ConfigSourceFactory {

    private final String keyRoot;

    /** The factory ServiceLoader creates: keys are {@code keyvault.*} in settings, messages and logs. */
    public KeyVaultConfigSourceFactory() {
        this.keyRoot = KeyVaultOptions.DEFAULT_KEY_ROOT;
    }

    /**
     * For an adapter that offers these settings under its own prefix and hands them to this factory as
     * {@code keyvault.*} through the {@link ConfigSourceContext}: messages and log lines then name keys as its users
     * write them, e.g. {@code quarkus.keyvault.optional} for {@code keyRoot} {@code quarkus.keyvault.}.
     *
     * @throws IllegalArgumentException if {@code keyRoot} is blank or does not end with {@code .}
     */
    public KeyVaultConfigSourceFactory(String keyRoot) {
        if (keyRoot == null || keyRoot.isBlank() || !keyRoot.endsWith(".")) {
            throw new IllegalArgumentException("keyRoot: '" + keyRoot + "' is not a key prefix; use one that ends with "
                    + "'.', e.g. quarkus.keyvault.");
        }
        this.keyRoot = keyRoot;
    }

    /**
     * @throws IllegalArgumentException for a malformed setting, naming the key and the accepted form
     * @throws IllegalStateException for a missing or clashing setting, or a vault that cannot be loaded at startup
     */
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<KeyVaultOptions> vaults = OptionsReader.read(context, keyRoot);
        List<ReferenceScan.Found> references = vaults.isEmpty() ? List.of() : ReferenceScan.find(context);
        List<KeyVaultConfigSource> started = new ArrayList<>();
        try {
            for (KeyVaultOptions options : vaults) {
                started.add(KeyVaultConfigSource.start(options, Clock.systemUTC(),
                        ReferenceScan.forAlias(references, options.alias().orElse(ReferenceHandler.MAIN))));
            }
        } catch (RuntimeException e) {
            started.forEach(KeyVaultConfigSource::close);
            throw e;
        }
        return List.copyOf(started);
    }

    /** Initialisation order among factories; each source then sorts by its own {@code keyvault.ordinal}. */
    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(KeyVaultOptions.DEFAULT_ORDINAL);
    }
}
