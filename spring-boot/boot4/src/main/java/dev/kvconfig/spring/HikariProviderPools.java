package dev.kvconfig.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.kvconfig.source.Credentials;
import dev.kvconfig.source.CredentialsView;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link KeyVaultHikariPools} on Boot 4 / HikariCP 7: the pool asks the view for the credentials of each connection it
 * opens ({@code HikariConfig#setCredentialsProvider}), a memory read, so a change is used by the next connection
 * without waiting for the listener. A pool that is already running when its bean is initialised (built with
 * {@code new HikariDataSource(config)}) has a sealed configuration and gets the line-neutral binding.
 */
final class HikariProviderPools extends KeyVaultHikariPools {

    HikariProviderPools(ConfigurableEnvironment environment, BeanFactory beans) {
        super(environment, beans);
    }

    @Override
    String bind(HikariDataSource pool, CredentialsView view) {
        if (pool.getHikariPoolMXBean() != null) {
            return super.bind(pool, view);
        }
        pool.setCredentialsProvider(() -> {
            Credentials c = view.current();
            return com.zaxxer.hikari.util.Credentials.of(c.username(), c.password());
        });
        return "HikariCredentialsProvider";
    }
}
