package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultSetting;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * Startup check: with no vault configured (neither {@code keyvault.url} nor any {@code keyvault.vaults.<alias>.url}), a
 * property that references the vault ({@code ${keyvault.ref.…}}, {@code ${keyvault.key-ref.…}},
 * {@code ${keyvault.cert-ref.…}}) fails startup, naming the property and, in {@link KeyVaultReferenceResolver}'s own
 * message, the key to set; otherwise the application would start and fail on the first read of that property. With a
 * vault configured it does nothing (references are then read on first use, as documented). No network I/O: without a
 * vault, resolving a reference fails before any request.
 */
@Context
final class ReferencesWithoutVault {

    ReferencesWithoutVault(Environment environment) {
        if (vaultConfigured(environment)) {
            return;
        }
        for (PropertySource source : environment.getPropertySources()) {
            for (String name : source) {
                if (source.get(name) instanceof CharSequence raw && isReference(raw.toString())) {
                    try {
                        environment.getProperty(name, String.class);
                    } catch (ConfigurationException e) {
                        throw new ConfigurationException(name + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private static boolean vaultConfigured(Environment environment) {
        String root = EnvironmentLookup.ROOT;
        if (environment.containsProperty(KeyVaultSetting.URL.keyUnder(root))) {
            return true;
        }
        String vaults = root + "vaults";
        return environment.getPropertyEntries(vaults).stream()
                .anyMatch(alias -> environment.containsProperty(KeyVaultSetting.URL.keyUnder(vaults + "." + alias + ".")));
    }

    private static boolean isReference(String raw) {
        return raw.contains("${" + KeyVaultReferenceResolver.PREFIX) || raw.contains("${" + KeyVaultReferenceResolver.KEY_PREFIX)
                || raw.contains("${" + KeyVaultReferenceResolver.CERTIFICATE_PREFIX);
    }
}
