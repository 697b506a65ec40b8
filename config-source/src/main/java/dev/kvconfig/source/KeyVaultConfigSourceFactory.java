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

    /**
     * @throws IllegalArgumentException for a malformed setting, naming the key and the accepted form
     * @throws IllegalStateException for a missing or clashing setting, or a vault that cannot be loaded at startup
     */
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<KeyVaultOptions> vaults = OptionsReader.read(context);
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
