package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * SmallRye entry point, registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}: one
 * {@link KeyVaultConfigSource} for {@code keyvault.url} and one per {@code keyvault.vaults.<alias>.url}, none when no URL
 * is set. Settings are read from the lower-ordinal sources SmallRye offers through {@link ConfigSourceContext}
 * (application.properties, system properties, {@code KEYVAULT_URL} in the environment, …), as the rows of
 * {@link KeyVaultSetting}.
 *
 * <p>Each call builds new sources that share nothing with earlier ones. Startup is all or nothing: if one vault fails
 * (and is not optional), sources already started by this call are closed before the exception propagates.
 */
public final class KeyVaultConfigSourceFactory implements ConfigSourceFactory {

    private final String root;

    /** The factory ServiceLoader creates: the settings are {@code keyvault.*}. */
    public KeyVaultConfigSourceFactory() {
        this.root = KeyVaultOptions.DEFAULT_KEY_ROOT;
    }

    /**
     * For an adapter whose users write the settings under their own root, e.g. {@code quarkus.keyvault.}: the settings
     * are read there, and messages and log lines name them there.
     *
     * @throws IllegalArgumentException if {@code root} is blank or does not end with {@code .}
     */
    public KeyVaultConfigSourceFactory(String root) {
        this.root = SettingsReader.requireRoot(root);
    }

    /**
     * @throws IllegalArgumentException for a malformed setting, naming the key and the accepted form
     * @throws IllegalStateException for a missing or clashing setting, or a vault that cannot be loaded at startup
     */
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<KeyVaultOptions> vaults = KeyVaultOptions.read(lookup(context), root);
        List<ReferenceScan.Found> references = vaults.isEmpty() ? List.of() : ReferenceScan.find(context);
        return List.copyOf(start(vaults, references));
    }

    /**
     * The sources of every vault configured under this factory's root in {@code lookup}, main vault first, then the
     * aliases by name; empty when no URL is set. For adapters that hand the core a lookup over their own configuration
     * rather than SmallRye's context. Loads now, on the calling thread; the caller closes the sources.
     *
     * @throws IllegalArgumentException for a malformed setting, naming the key and the accepted form
     * @throws IllegalStateException for a missing or clashing setting, or a vault that cannot be loaded at startup
     *     (sources already started by this call are closed first)
     */
    public List<KeyVaultConfigSource> sources(SettingsLookup lookup) {
        return start(KeyVaultOptions.read(lookup, root), List.of());
    }

    private static List<KeyVaultConfigSource> start(List<KeyVaultOptions> vaults, List<ReferenceScan.Found> references) {
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

    /** A SmallRye context as a lookup: its values (profiles and expressions resolved) and its names. */
    static SettingsLookup lookup(ConfigSourceContext context) {
        return SettingsLookup.of(key -> {
            ConfigValue value = context.getValue(key);
            return value == null ? Optional.empty() : Optional.ofNullable(value.getValue());
        }, () -> context::iterateNames);
    }
}
