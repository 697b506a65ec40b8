package dev.kvconfig.quarkus.runtime.credentials;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.runtime.DataSources;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.datasource.runtime.DataSourceRuntimeConfig;
import io.quarkus.datasource.runtime.DataSourcesRuntimeConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Keeps Agroal pools current on rotation: when a {@code quarkus.keyvault.credentials-provider.<name>} group starts
 * serving a new username or password, every Agroal datasource whose {@code credentials-provider} is that name (and whose
 * {@code credentials-provider-name} is {@value KeyVaultCredentialsProvider#NAME} or unset) is flushed gracefully:
 * idle connections close at once, busy ones when they are returned, and the pool refills with connections that log in
 * with the new credentials. Without it, old connections live until the pool retires them ({@code max-lifetime}).
 * {@code evict-on-change=false} leaves a group's pools alone.
 *
 * <p>Registered only when quarkus-agroal is present. At startup it also checks that every datasource naming this
 * provider names a configured group, and fails with the datasource's key otherwise. The flush runs on the vault's
 * refresher thread and only schedules Agroal's housekeeping; a datasource not created yet is skipped (it will start
 * with the new credentials).
 */
@Singleton
public class AgroalPoolFlush {

    private static final Logger LOG = Logger.getLogger(AgroalPoolFlush.class);

    @Inject
    KeyVaultCredentialsProvider provider;

    @Inject
    Config config;

    /** An Instance: Agroal registers the bean only when a JDBC datasource is configured. */
    @Inject
    Instance<DataSources> dataSources;

    void onStart(@Observes StartupEvent start) {
        DataSourcesRuntimeConfig all = config.unwrap(SmallRyeConfig.class).getConfigMapping(DataSourcesRuntimeConfig.class);
        Map<String, List<String>> byProvider = new TreeMap<>();
        for (Map.Entry<String, DataSourceRuntimeConfig> ds : all.dataSources().entrySet()) {
            Optional<KeyVaultCredentialsProvider.Provided> provided = provided(ds.getKey(), ds.getValue());
            provided.ifPresent(p -> byProvider.computeIfAbsent(p.settings().name(), k -> new ArrayList<>())
                    .add(ds.getKey()));
        }
        byProvider.forEach((name, names) -> {
            KeyVaultCredentialsProvider.Provided provided = provider.find(name);
            if (provided.settings().evictOnChange()) {
                provided.view().addListener(credentials -> flush(name, names));
            }
            LOG.debugf("kvconfig: credentials %s serve datasource(s) %s (evict-on-change=%s)", name, names,
                    provided.settings().evictOnChange());
        });
    }

    /**
     * The group a datasource takes its credentials from, if it is one of this provider's. A datasource naming this
     * provider ({@code credentials-provider-name=keyvault}) and a group that does not exist fails startup with its key;
     * without a provider name Quarkus takes the only {@code CredentialsProvider} bean, which may be another extension's,
     * so a name without a group here is left to it.
     */
    private Optional<KeyVaultCredentialsProvider.Provided> provided(String dataSource, DataSourceRuntimeConfig c) {
        Optional<String> providerName = c.credentialsProviderName();
        if (c.credentialsProvider().isEmpty()
                || providerName.filter(n -> !n.equals(KeyVaultCredentialsProvider.NAME)).isPresent()) {
            return Optional.empty();
        }
        String name = c.credentialsProvider().get();
        Optional<KeyVaultCredentialsProvider.Provided> provided = provider.provided(name);
        if (provided.isEmpty() && providerName.isPresent()) {
            String key = DataSourceUtil.dataSourcePropertyKey(dataSource, "credentials-provider");
            throw new ConfigurationException(key + "=" + name + ": " + provider.notConfigured(name), Set.of(key));
        }
        return provided;
    }

    private void flush(String name, List<String> names) {
        DataSources agroal = dataSources.get();
        for (String ds : names) {
            if (agroal.isDataSourceCreated(ds)) {
                agroal.getDataSource(ds).flush(AgroalDataSource.FlushMode.GRACEFUL);
                LOG.infof("kvconfig: credentials %s changed; datasource %s retires its open connections as they "
                        + "become idle", name, ds);
            }
        }
    }
}
