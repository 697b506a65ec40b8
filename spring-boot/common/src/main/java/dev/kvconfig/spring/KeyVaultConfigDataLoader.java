package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.KeyVaultConfigSourceFactory;
import dev.kvconfig.source.VaultStatus;
import java.util.List;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Loads one resolved vault through the core's factory (its options, validation, messages, refresher and status) and
 * serves it as one {@link KeyVaultPropertySource}. Each starter registers its subclass in
 * {@code META-INF/spring.factories}: the one thing that differs between Boot lines here is the type of the bootstrap
 * context that keeps the run's {@link LoadedVaults}.
 *
 * <p>The vault loads synchronously here, so a failure stops startup with {@link KeyVaultConfigException}; with
 * {@code optional:} an unreachable vault starts empty (status DOWN) and loads in the background when it answers. The
 * vault's property source may not import other config or activate profiles: secrets are data, not configuration of
 * Spring's config processing.
 */
abstract class KeyVaultConfigDataLoader implements ConfigDataLoader<KeyVaultConfigDataResource> {

    /** The action for a malformed value; the core's message names the key, the text given and the accepted form. */
    static final String FIX_VALUE = "Correct that value; the keyvault.* settings and their forms are in the "
            + "configuration reference (docs/configuration.md)";
    /** The action for a missing or clashing setting; the core's message names the keys and what to set. */
    static final String FIX_KEYS = "Set or remove the keys it names";

    private final Log log;

    KeyVaultConfigDataLoader(DeferredLogFactory logs) {
        this.log = logs.getLog(KeyVaultConfigDataLoader.class);
    }

    /** This application run's vaults, from the bootstrap context of {@code context}. */
    abstract LoadedVaults vaults(ConfigDataLoaderContext context);

    /** @throws KeyVaultConfigException for a bad setting or a vault that cannot be loaded and is not optional */
    @Override
    public ConfigData load(ConfigDataLoaderContext context, KeyVaultConfigDataResource resource) {
        LoadedVaults.Vault vault = vaults(context).open(resource.alias(), () -> start(resource));
        return new ConfigData(List.of(new KeyVaultPropertySource(vault)), ConfigData.Option.IGNORE_IMPORTS,
                ConfigData.Option.IGNORE_PROFILES);
    }

    private KeyVaultConfigSource start(KeyVaultConfigDataResource resource) {
        KeyVaultConfigSource source;
        try {
            // The resolver's settings hold exactly this vault, so the factory starts exactly one source.
            source = new KeyVaultConfigSourceFactory().sources(resource.settings()).get(0);
        } catch (IllegalArgumentException e) {
            // A malformed value: the core's message names the key, the text given and the accepted form.
            throw new KeyVaultConfigException(e.getMessage(), FIX_VALUE, e);
        } catch (IllegalStateException e) {
            if (e.getCause() == null) {
                // A missing or clashing setting: the core's message names the keys and what to set.
                throw new KeyVaultConfigException(e.getMessage(), FIX_KEYS, e);
            }
            throw new KeyVaultConfigException(e.getMessage(), "Check the vault URL, the network and the credential "
                    + "settings, or import the vault as optional:" + resource + " to start without it (it is then "
                    + "retried in the background)", e);
        }
        VaultStatus status = source.status();
        if (status.state() == VaultStatus.State.DOWN) {
            log.warn("kvconfig: " + resource + " (" + source.vaultUrl() + ") could not be loaded at startup: "
                    + status.lastFailure().orElse("unknown cause") + "; serving nothing from it and retrying in the "
                    + "background");
        } else {
            log.info("kvconfig: " + resource + " (" + source.vaultUrl() + ") loaded " + status.secretCount()
                    + " secrets");
        }
        return source;
    }
}
