package dev.kvconfig.spring;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.kvconfig.source.Credentials;
import dev.kvconfig.source.CredentialsSettings;
import dev.kvconfig.source.CredentialsView;
import dev.kvconfig.source.KeyVaultConfigSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Keeps each Hikari pool of the application on the current credentials when a vault serves them, so a rotated database
 * password reaches new connections without a restart. Each starter registers it through its
 * {@code KeyVaultDataSourceAutoConfiguration}; Boot 4's subclass hands the credentials over through HikariCP 7's
 * {@code HikariCredentialsProvider}, this class through the pool's config bean ({@code HikariConfigMXBean.setCredentials},
 * HikariCP 6 and 7), which applies to every connection opened after the call.
 *
 * <p>Which pools, checked in this order when the pool bean is created (before its first connection):
 * <ol>
 *   <li>a {@code keyvault.credentials-provider.<name>} group whose name is the bean's name, ignoring case (Boot's own
 *       pool is bean {@code dataSource}, so {@code keyvault.credentials-provider.datasource.*}): the pool uses that
 *       view, in any format (the tagged and JSON forms switch logins);</li>
 *   <li>otherwise, the pool configured from {@code spring.datasource.password} when a vault serves that value: a secret
 *       of an imported vault ({@code spring-datasource-password}), a placeholder naming one ({@code ${db.password}}), or
 *       a reference {@code ${keyvault::[alias:]name}} to a secret of an imported vault. The username is the pool's, as
 *       configured ({@code spring.datasource.username}).</li>
 * </ol>
 * On a change of username or password the pool soft-evicts its connections (unless the group says
 * {@code evict-on-change=false}): idle ones close at once, busy ones when returned.
 *
 * <p>Thread-safe; the views it builds close with the application context.
 */
class KeyVaultHikariPools implements BeanPostProcessor, DisposableBean {

    static final String PASSWORD = "spring.datasource.password";
    /** A whole value that is one reference to the latest version of a secret; a pinned version never rotates. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{keyvault::(?:([A-Za-z0-9_-]{1,64}):)?([A-Za-z0-9-]{1,127})}");
    /** A whole value that is one placeholder, with or without a default. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^${}:]+)(?::[^${}]*)?}");
    private static final int MAX_INDIRECTIONS = 4;
    private static final Log LOG = LogFactory.getLog(KeyVaultHikariPools.class);

    private final ConfigurableEnvironment environment;
    private final BeanFactory beans;
    private final List<CredentialsView> views = new CopyOnWriteArrayList<>();

    KeyVaultHikariPools(ConfigurableEnvironment environment, BeanFactory beans) {
        this.environment = environment;
        this.beans = beans;
    }

    /**
     * @throws KeyVaultConfigException when the named credentials group of this pool cannot be read (its secret is
     *     absent or not readable as credentials), or the password secret serving it is empty
     */
    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            follow(pool, beanName);
        }
        return bean;
    }

    private void follow(HikariDataSource pool, String beanName) {
        List<KeyVaultConfigSource> sources = sources();
        Optional<CredentialsSettings> named = sources.stream()
                .flatMap(s -> s.options().credentialsProviders().values().stream())
                .filter(c -> c.name().equalsIgnoreCase(beanName)).findFirst();
        if (named.isPresent()) {
            CredentialsSettings settings = named.get();
            start(pool, beanName, build(() -> settings.build(sources), settings.keyPrefix() + "secret"),
                    settings.evictOnChange());
            return;
        }
        Served served = served(sources);
        if (served == null || !Objects.equals(pool.getPassword(), environment.getProperty(PASSWORD))) {
            return;
        }
        if (served.source() == null) {
            LOG.info("kvconfig: pool " + beanName + " keeps the password it started with: " + PASSWORD + " is "
                    + served.what() + "; " + served.fix());
            return;
        }
        String username = pool.getUsername();
        if (username == null || username.isBlank()) {
            LOG.info("kvconfig: pool " + beanName + " keeps the password it started with: " + PASSWORD + " is "
                    + served.what() + " but spring.datasource.username is not set; set it, or name the pool's "
                    + "credentials in keyvault.credentials-provider." + beanName.toLowerCase(Locale.ROOT) + ".*");
            return;
        }
        CredentialsView view = build(() -> CredentialsView.builder(viewName(beanName)).secret(served.secret())
                .username(username).build(served.source()), PASSWORD);
        start(pool, beanName, view, true);
    }

    private static CredentialsView build(java.util.function.Supplier<CredentialsView> build, String key) {
        try {
            return build.get();
        } catch (IllegalStateException e) {
            throw new KeyVaultConfigException(e.getMessage(), "Write a readable version of the secret " + key
                    + " names, or correct " + key, e);
        }
    }

    private void start(HikariDataSource pool, String beanName, CredentialsView view, boolean evict) {
        views.add(view);
        String how = bind(pool, view);
        if (evict) {
            view.addListener(c -> {
                HikariPoolMXBean running = pool.getHikariPoolMXBean();
                if (running != null) {
                    running.softEvictConnections();
                }
            });
        }
        LOG.info("kvconfig: pool " + beanName + " follows " + view + " through " + how
                + (evict ? ", retiring its connections on a change" : ""));
    }

    /**
     * Hands the view's credentials to the pool now and on every change, before the pool is told to retire its
     * connections; returns how, for the log. Here: the pool's config bean, which HikariCP reads for every new
     * connection and allows to change while the pool runs.
     */
    String bind(HikariDataSource pool, CredentialsView view) {
        set(pool, view.current());
        view.addListener(c -> set(pool, c));
        return "HikariConfigMXBean.setCredentials";
    }

    private static void set(HikariDataSource pool, Credentials c) {
        pool.getHikariConfigMXBean().setCredentials(com.zaxxer.hikari.util.Credentials.of(c.username(), c.password()));
    }

    /** A view name as the core accepts it (1 to 64 of {@code [A-Za-z0-9_-]}), from a bean name. */
    private static String viewName(String beanName) {
        String name = beanName.replaceAll("[^A-Za-z0-9_-]", "-");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** Where the value of {@link #PASSWORD} comes from, if from a vault; {@code source} null if not imported. */
    private record Served(KeyVaultConfigSource source, String secret, String what, String fix) {
    }

    private Served served(List<KeyVaultConfigSource> sources) {
        // The password as the binder finds it (relaxed names), then each placeholder as Spring's resolver does: the
        // first property source holding that exact name (a vault answers its secrets' relaxed names itself).
        Raw raw = bound(PASSWORD);
        for (int i = 0; raw != null && i < MAX_INDIRECTIONS; i++) {
            if (raw.source() instanceof KeyVaultPropertySource vault) {
                return new Served(vault.getSource(), raw.name(), "secret " + raw.name() + " of vault "
                        + vault.getSource().alias(), null);
            }
            String value = raw.value() instanceof CharSequence text ? text.toString().trim() : "";
            Matcher reference = REFERENCE.matcher(value);
            if (reference.matches()) {
                return referenced(sources, value, reference);
            }
            Matcher placeholder = PLACEHOLDER.matcher(value);
            raw = placeholder.matches() ? resolved(placeholder.group(1).trim()) : null;
        }
        return null;
    }

    private static Served referenced(List<KeyVaultConfigSource> sources, String value, Matcher reference) {
        String alias = reference.group(1) == null ? "default" : reference.group(1);
        String secret = reference.group(2);
        String what = "the reference " + value + " to vault " + alias;
        Optional<KeyVaultConfigSource> imported = sources.stream().filter(s -> s.alias().equals(alias)).findFirst();
        if (imported.isEmpty()) {
            return new Served(null, secret, what, "import that vault (spring.config.import=keyvault:"
                    + (alias.equals("default") ? "" : alias) + ") for rotations to reach the pool");
        }
        if (imported.get().getValue(secret) == null) {
            return new Served(null, secret, what, "the imported vault leaves that secret out (keyvault.secrets, "
                    + "secret-prefix or tags); include it for rotations to reach the pool");
        }
        return new Served(imported.get(), secret, what, null);
    }

    /** A property's unresolved value and the property source it comes from. */
    private record Raw(String name, Object value, Object source) {
    }

    /** As Boot's binder finds the property: the first source that has it, relaxed names included. */
    private Raw bound(String name) {
        ConfigurationPropertyName key = ConfigurationPropertyName.adapt(name, '.');
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(key);
            if (property != null) {
                return new Raw(name, property.getValue(), source.getUnderlyingSource());
            }
        }
        return null;
    }

    /** As Spring resolves a placeholder: the first property source holding the name. */
    private Raw resolved(String name) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
                    && source.containsProperty(name)) {
                return new Raw(name, source.getProperty(name), source);
            }
        }
        return null;
    }

    private List<KeyVaultConfigSource> sources() {
        if (!beans.containsBean(LoadedVaults.BEAN)) {
            return List.of();
        }
        List<KeyVaultConfigSource> sources = new ArrayList<>();
        for (LoadedVaults.Vault v : beans.getBean(LoadedVaults.BEAN, LoadedVaults.class).all()) {
            sources.add(v.source());
        }
        return sources;
    }

    /** Stops the views following their vaults; the pools close on their own. */
    @Override
    public void destroy() {
        views.forEach(CredentialsView::close);
    }
}
