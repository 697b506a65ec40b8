package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.KeyVaultSetting;
import dev.kvconfig.source.SettingsLookup;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Resolves {@code spring.config.import=keyvault:} (the vault of {@code keyvault.url}) and {@code keyvault:<alias>} (the
 * vault of {@code keyvault.vaults.<alias>.url}), each optionally prefixed {@code optional:}. Each starter registers it
 * in {@code META-INF/spring.factories}. Binds the {@code keyvault.*} settings from what Boot has read so far (files,
 * environment variables, system properties, command line, test properties), so a typo or a missing URL fails here,
 * before any request.
 */
public final class KeyVaultConfigDataLocationResolver implements ConfigDataLocationResolver<KeyVaultConfigDataResource> {

    /** The location prefix. */
    public static final String PREFIX = "keyvault:";
    /** As the core's alias rule ({@code keyvault.vaults.<alias>}). */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Log log;

    /**
     * Boot creates the resolver at the start of config data processing, on every startup.
     *
     * @param logs Boot's deferred log, as logging is not set up yet
     * @throws KeyVaultConfigException when the starter on the class path is not the one of the Boot line that runs
     */
    public KeyVaultConfigDataLocationResolver(DeferredLogFactory logs) {
        SpringBootLine.check(KeyVaultConfigDataLocationResolver.class.getClassLoader());
        this.log = logs.getLog(KeyVaultConfigDataLocationResolver.class);
    }

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    /**
     * @throws KeyVaultConfigException for a malformed location, an unknown key under {@code keyvault.}, an unset URL
     *     (unless {@code optional:}) or {@code keyvault.ordinal}
     */
    @Override
    public List<KeyVaultConfigDataResource> resolve(ConfigDataLocationResolverContext context,
            ConfigDataLocation location) {
        String alias = location.getNonPrefixedValue(PREFIX).trim();
        if (!alias.isEmpty() && !ALIAS.matcher(alias).matches()) {
            throw new KeyVaultConfigException("spring.config.import: '" + location + "' is not a Key Vault location",
                    "Use keyvault: for the vault of keyvault.url, or keyvault:<alias> for keyvault.vaults.<alias>.url, "
                            + "an alias of 1-64 letters, digits, '-' or '_' (e.g. keyvault:payments); prefix optional: "
                            + "to start without the vault when it is unreachable", null);
        }
        BinderLookup all = BinderLookup.of(context.getBinder());
        requireValid(all);
        String root = alias.isEmpty() ? BinderLookup.ROOT : BinderLookup.ROOT + "vaults." + alias + ".";
        if (all.value(KeyVaultSetting.ORDINAL.keyUnder(root)).isPresent()) {
            throw new KeyVaultConfigException(root + "ordinal is set, but Spring Boot places a vault by its import",
                    "Remove " + root + "ordinal. The vault's properties sit above the file that imports it and below "
                            + "environment variables, system properties and the command line; of two vaults, the one "
                            + "imported later wins", null);
        }
        if (all.value(KeyVaultSetting.URL.keyUnder(root)).filter(u -> !u.isEmpty()).isEmpty()) {
            if (location.isOptional()) {
                log.info("kvconfig: " + location + " skipped: " + root + "url is not set");
                return List.of();
            }
            throw missingUrl(location, alias, root, all.mapKeys(BinderLookup.ROOT + "vaults"));
        }
        SettingsLookup settings = BinderLookup.forImport(all, alias, location.isOptional());
        return List.of(new KeyVaultConfigDataResource(alias, location.isOptional(), settings));
    }

    /**
     * Reads every configured vault's settings through the core, so a bad value fails here, before any request, with
     * the core's message, as in every other framework; the loader reads its own vault again when it starts it.
     */
    private static void requireValid(BinderLookup all) {
        try {
            KeyVaultOptions.read(all, BinderLookup.ROOT);
        } catch (IllegalArgumentException e) {
            throw new KeyVaultConfigException(e.getMessage(), KeyVaultConfigDataLoader.FIX_VALUE, e);
        } catch (IllegalStateException e) {
            throw new KeyVaultConfigException(e.getMessage(), KeyVaultConfigDataLoader.FIX_KEYS, e);
        }
    }

    private static KeyVaultConfigException missingUrl(ConfigDataLocation location, String alias, String root,
            Set<String> aliases) {
        if (alias.isEmpty()) {
            return new KeyVaultConfigException("spring.config.import=" + location + " imports the vault of "
                    + root + "url, which is not set", "Set keyvault.url (or KEYVAULT_URL) to the vault URL, "
                    + "https://<name>.vault.azure.net/" + (aliases.isEmpty() ? "" : ", or import one of the aliases "
                    + aliases + " as keyvault:<alias>") + "; import it as optional:keyvault: to start without it", null);
        }
        return new KeyVaultConfigException("spring.config.import=" + location + " names vault alias '" + alias
                + "', but " + root + "url is not set (known aliases: " + aliases + ")", "Set " + root + "url to the "
                + "vault URL, or fix the alias in spring.config.import", null);
    }
}
