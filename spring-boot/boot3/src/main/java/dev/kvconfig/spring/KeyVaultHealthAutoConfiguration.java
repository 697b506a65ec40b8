package dev.kvconfig.spring;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The {@code keyvault} health contributor on Boot 3 (actuator's {@code org.springframework.boot.actuate.health}), with
 * actuator present, the vaults imported and {@code management.health.keyvault.enabled} not false. Registered in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
@AutoConfiguration(after = KeyVaultAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(KeyVaultSources.class)
@ConditionalOnEnabledHealthIndicator("keyvault")
public class KeyVaultHealthAutoConfiguration {

    /** Named so the contributor is {@code keyvault} ({@code /actuator/health/keyvault}). */
    @Bean
    HealthIndicator keyvaultHealthIndicator(KeyVaultSources vaults) {
        return new KeyVaultHealthIndicator(vaults);
    }
}
