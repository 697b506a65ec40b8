package dev.kvconfig.spring;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps the application's Hikari pools on the credentials a vault serves (see {@link KeyVaultHikariPools}), when
 * HikariCP is on the class path. Turned off by excluding it:
 * {@code spring.autoconfigure.exclude=dev.kvconfig.spring.KeyVaultDataSourceAutoConfiguration}.
 */
@AutoConfiguration
@ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
public class KeyVaultDataSourceAutoConfiguration {

    /** Static: a bean post-processor, created before the configuration class itself. */
    @Bean
    static KeyVaultHikariPools kvconfigHikariPools(ConfigurableEnvironment environment, BeanFactory beans) {
        return new KeyVaultHikariPools(environment, beans);
    }
}
