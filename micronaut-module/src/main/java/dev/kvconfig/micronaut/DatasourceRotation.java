package dev.kvconfig.micronaut;

import com.zaxxer.hikari.HikariDataSource;
import dev.kvconfig.source.Credentials;
import dev.kvconfig.source.CredentialsSettings;
import dev.kvconfig.source.CredentialsView;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.util.StringUtils;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the HikariCP pools of micronaut-jdbc-hikari datasources on the vault's current credentials. Datasource
 * {@code <name>} ({@code datasources.<name>.*}) follows the vault when:
 * <ul>
 *   <li>a credentials provider of the same name is configured ({@code keyvault.credentials-provider.<name>.*}, any
 *       format: password, tagged, JSON): the pool logs in with the provider's username and password, and retires its
 *       open connections on a change unless {@code evict-on-change=false}; or</li>
 *   <li>its {@code datasources.<name>.password} is served by a vault: a vault secret serves that property
 *       ({@code datasources-<name>-password}), or its value is a reference {@code ${keyvault.ref.[alias.]secret}}
 *       without a version. The pool keeps its configured username and follows the secret as its password, retiring open
 *       connections on a change.</li>
 * </ul>
 * Both need the configuration client ({@code micronaut.config-client.enabled=true}): the credentials come from the
 * vault source's live snapshot, which its refresher keeps fresh. {@code keyvault.datasources.enabled=false} leaves every
 * datasource alone.
 *
 * <p>How: when micronaut-jdbc-hikari binds a datasource's configuration, this class builds a {@link CredentialsView} and
 * writes its credentials into that configuration, before the pool is started from it; when the pool exists, a listener
 * of the view writes each new username and password into the pool's configuration (HikariCP's config MXBean, as one
 * {@code setCredentials}, which every connection opened afterwards uses) and then soft-evicts the pool: idle connections
 * close at once, busy ones when returned. This works on HikariCP 6, which micronaut-platform 4.10 brings, as on
 * HikariCP 7. A version the view refuses (empty, no tag, bad JSON) changes nothing: the pool keeps the last good
 * credentials.
 *
 * <p>Thread-safe. The views close with the application context.
 */
@Singleton
@Requires(classes = {HikariDataSource.class, DatasourceConfiguration.class})
@Requires(beans = KeyVaultSources.class)
@Requires(property = "keyvault.datasources.enabled", notEquals = StringUtils.FALSE)
final class DatasourceRotation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatasourceRotation.class);
    /** A whole value that is one unpinned secret reference: {@code ${keyvault.ref.[alias.]name}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\s*\\$\\{"
            + Pattern.quote(KeyVaultReferenceResolver.PREFIX) + "(?:([^.}:/#]+)\\.)?([^.}:/#]+)}\\s*");
    private static final Pattern NOT_IN_VIEW_NAME = Pattern.compile("[^A-Za-z0-9_-]");

    /** What a datasource follows. {@code own}: the view serves the username too (a named provider). */
    private record Binding(String datasource, CredentialsView view, boolean own, boolean evict) {
    }

    private final KeyVaultSources vaults;
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

    DatasourceRotation(KeyVaultSources vaults) {
        this.vaults = vaults;
    }

    /** A datasource's configuration was bound: decide what it follows and start it on the current credentials. */
    void configured(DatasourceConfiguration configuration) {
        String name = configuration.getName();
        Binding binding;
        try {
            binding = bind(name, configuration.getUsername());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The core's message names the provider, the secret and its version and says what to write.
            throw new ConfigurationException("datasources." + name + ": " + e.getMessage(), e);
        }
        if (binding == null) {
            return;
        }
        Binding before = bindings.put(name, binding);
        if (before != null) {
            before.view().close(); // the configuration was bound again (a refreshed context): follow the new one only
        }
        Credentials c = binding.view().current();
        if (binding.own()) {
            configuration.setCredentials(com.zaxxer.hikari.util.Credentials.of(c.username(), c.password()));
        } else {
            configuration.setPassword(c.password());
        }
    }

    /** A datasource's pool exists: keep it on the view's credentials. */
    void created(String name, HikariDataSource pool) {
        Binding binding = bindings.get(name);
        if (binding == null) {
            return;
        }
        binding.view().addListener(c -> {
            apply(binding, pool, c);
            if (binding.evict() && pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            // The core logs the change itself (INFO, once per change); this adds which pool took it.
            LOG.debug("kvconfig: datasource {}: new connections use version {} of secret {}{}", name, c.version(),
                    c.secretName(), binding.evict() ? "; open connections retire as they are returned" : "");
        });
        // A refresh may have changed the view between the configuration and the pool: catch up.
        apply(binding, pool, binding.view().current());
        LOG.info("kvconfig: datasource {} follows {} (secret {})", name, binding.view().name(),
                binding.view().current().secretName());
    }

    private static void apply(Binding binding, HikariDataSource pool, Credentials c) {
        if (binding.own()) {
            pool.getHikariConfigMXBean().setCredentials(com.zaxxer.hikari.util.Credentials.of(c.username(),
                    c.password()));
        } else {
            // The username stays as configured: micronaut-sql applies a changed datasources.<name>.username itself.
            pool.getHikariConfigMXBean().setPassword(c.password());
        }
    }

    /** What datasource {@code name} follows, or null when nothing. */
    private Binding bind(String name, String username) {
        Optional<CredentialsSettings> provider = vaults.sources().stream()
                .map(s -> s.options().credentialsProviders().get(name))
                .filter(java.util.Objects::nonNull)
                .findFirst();
        if (provider.isPresent()) {
            CredentialsSettings settings = provider.get();
            vaults.followedElsewhere(key(name, "username"));
            vaults.followedElsewhere(key(name, "password"));
            return new Binding(name, settings.build(vaults.sources()), true, settings.evictOnChange());
        }
        String passwordKey = key(name, "password");
        KeyVaultSources.Served served = vaults.served(passwordKey);
        if (served == null) {
            return null;
        }
        KeyVaultConfigSource source;
        String secret;
        if (served.source() instanceof KeyVaultPropertySource vault) {
            source = vault.source();
            secret = passwordKey;
        } else if (served.value() instanceof CharSequence text && REFERENCE.matcher(text).matches()) {
            Matcher m = REFERENCE.matcher(text);
            m.matches();
            String alias = m.group(1) == null ? "default" : m.group(1);
            source = vaults.source(alias).orElse(null);
            secret = m.group(2);
            if (source == null || source.getValue(secret) == null) {
                LOG.info("kvconfig: datasource {} keeps the password it started with: {} is a reference to secret {} "
                        + "that no vault of the configuration client serves (vault {}); load it there, or name a "
                        + "credentials provider keyvault.credentials-provider.{}.*", name, passwordKey, secret, alias,
                        name);
                return null;
            }
        } else {
            return null;
        }
        if (username == null) {
            LOG.info("kvconfig: datasource {} keeps the password it started with: {} is not set; set it, or name a "
                    + "credentials provider keyvault.credentials-provider.{}.*", name, key(name, "username"), name);
            return null;
        }
        CredentialsView view = CredentialsView.builder("datasource-" + NOT_IN_VIEW_NAME.matcher(name).replaceAll("-"))
                .secret(secret)
                .username(username)
                .build(source);
        vaults.followedElsewhere(passwordKey);
        return new Binding(name, view, false, true);
    }

    private static String key(String datasource, String setting) {
        return "datasources." + datasource + "." + setting;
    }

    /** Stops the views following their vaults; the pools keep the credentials they have. Idempotent. */
    @PreDestroy
    @Override
    public void close() {
        bindings.values().forEach(b -> b.view().close());
    }

    /** Starts each datasource on the vault's credentials: its configuration is bound before its pool is created. */
    @Singleton
    @Requires(classes = {HikariDataSource.class, DatasourceConfiguration.class})
    @Requires(beans = DatasourceRotation.class)
    static final class ConfigurationHook implements BeanCreatedEventListener<DatasourceConfiguration> {
        private final DatasourceRotation rotation;

        ConfigurationHook(DatasourceRotation rotation) {
            this.rotation = rotation;
        }

        @Override
        public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
            rotation.configured(event.getBean());
            return event.getBean();
        }
    }

    /** Hands each datasource's pool to the rotation once micronaut-jdbc-hikari has created it. */
    @Singleton
    @Requires(classes = HikariDataSource.class)
    @Requires(beans = DatasourceRotation.class)
    static final class PoolHook implements BeanCreatedEventListener<DataSource> {
        private final DatasourceRotation rotation;

        PoolHook(DatasourceRotation rotation) {
            this.rotation = rotation;
        }

        @Override
        public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
            if (event.getBean() instanceof HikariDataSource pool) {
                rotation.created(event.getBeanIdentifier().getName(), pool);
            }
            return event.getBean();
        }
    }
}
