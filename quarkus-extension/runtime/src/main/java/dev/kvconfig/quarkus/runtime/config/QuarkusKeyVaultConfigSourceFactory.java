package dev.kvconfig.quarkus.runtime.config;

import dev.kvconfig.source.KeyVaultConfigSourceFactory;
import dev.kvconfig.source.KeyVaultOptions;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The core {@link KeyVaultConfigSourceFactory} fed with {@code quarkus.keyvault.*}: one source per configured vault, none
 * when no URL is set. Failures name {@code quarkus.keyvault.*} keys. Each call builds new sources sharing nothing.
 */
final class QuarkusKeyVaultConfigSourceFactory implements ConfigSourceFactory {

    // Messages and log lines of the core then name quarkus.keyvault.* keys, although it reads them as keyvault.*.
    private final KeyVaultConfigSourceFactory core = new KeyVaultConfigSourceFactory(CoreSettings.QUARKUS_PREFIX);

    /**
     * @throws io.smallrye.config.ConfigValidationException for a malformed {@code quarkus.keyvault.*} value
     * @throws IllegalArgumentException for a value the core rejects, naming the {@code quarkus.keyvault.*} key
     * @throws IllegalStateException for missing or clashing settings, or a vault unreachable at startup unless
     *         {@code quarkus.keyvault.optional=true}
     */
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigSourceContext coreContext = CoreSettings.coreContext(context);
        try {
            return core.getConfigSources(coreContext);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CoreSettings.inQuarkusTerms(e);
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(KeyVaultOptions.DEFAULT_ORDINAL);
    }
}
