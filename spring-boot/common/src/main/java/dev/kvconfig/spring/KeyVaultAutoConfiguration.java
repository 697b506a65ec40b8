package dev.kvconfig.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans of the imported vaults: {@link KeyVaultSources} (refresh events), and, when the application has them, the
 * Spring Cloud refresh bridge, Micrometer meters and the actuator masking of vault values. Present only when
 * {@code spring.config.import} imported at least one vault. Each starter registers it in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, next to its Boot line's
 * {@code KeyVaultHealthAutoConfiguration} (health moved to a module of its own in Boot 4).
 */
@AutoConfiguration
@ConditionalOnBean(name = LoadedVaults.BEAN)
public class KeyVaultAutoConfiguration {

    @Bean(destroyMethod = "close")
    KeyVaultSources keyVaultSources(@Qualifier(LoadedVaults.BEAN) LoadedVaults vaults,
            ApplicationEventPublisher publisher, ObjectProvider<KeyVaultSources.ChangeReaction> reactions) {
        return new KeyVaultSources(vaults, publisher, reactions.orderedStream().toList());
    }

    /** With {@code spring-cloud-context}: {@code EnvironmentChangeEvent} and the refresh scope's rebuild. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(EnvironmentChangeEvent.class)
    static class SpringCloudRefresh {
        @Bean
        KeyVaultSources.ChangeReaction kvconfigSpringCloudRefresh(ApplicationContext context,
                ObjectProvider<RefreshScope> refreshScope) {
            return keys -> {
                // The source must be the context itself: Spring Cloud's rebinder ignores events from anything else.
                context.publishEvent(new EnvironmentChangeEvent(context, keys));
                refreshScope.ifAvailable(RefreshScope::refreshAll);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {
        @Bean
        KeyVaultMetrics kvconfigMetrics(KeyVaultSources vaults) {
            return new KeyVaultMetrics(vaults);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Masking {
        @Bean
        SanitizingFunction kvconfigSanitizingFunction() {
            return new KeyVaultSanitizingFunction();
        }
    }
}
