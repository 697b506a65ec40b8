package dev.kvconfig.spring;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.PropertySource;

/**
 * Masks vault values in {@code /actuator/env} (and wherever else Boot's sanitizer sees the property source), whatever
 * {@code management.endpoint.env.show-values} says: every property of a vault's property source, and every property
 * whose raw value holds a Key Vault reference ({@code ${keyvault::…}}, {@code ${keyvault-key::…}},
 * {@code ${keyvault-cert::…}}), which the endpoint would otherwise show resolved.
 */
final class KeyVaultSanitizingFunction implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        PropertySource<?> source = data.getPropertySource();
        if (source instanceof KeyVaultPropertySource) {
            return data.withSanitizedValue();
        }
        if (source != null && source.getProperty(data.getKey()) instanceof String raw && raw.contains("${keyvault")) {
            return data.withSanitizedValue();
        }
        return data;
    }
}
