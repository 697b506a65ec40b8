package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.VaultStatus;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

/** Startup through the public entry point, {@link ApplicationContext#run(Map, String...)}: settings, failures, aliases. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartupTest {

    KeyVaultEmulator emulator;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder()
                .vault("demo").vault("payments")
                .seed("demo", Map.of("greeting", "hello", "motd", "from the vault"))
                .seed("payments", Map.of("api-key", "pay-1"))
                .start();
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    private Map<String, Object> settings() {
        return new HashMap<>(KeyVaultTestProperties.of(emulator, "demo"));
    }

    /** The whole cause chain's messages, as a user reads a failed startup. */
    private static String messages(ThrowableAssert.ThrowingCallable start) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(start);
        assertThat(thrown).isNotNull();
        StringBuilder s = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append('\n');
        }
        return s.toString();
    }

    @Test
    void refreshInterval_malformed_failsStartupNamingTheKey() {
        Map<String, Object> p = settings();
        p.put("keyvault.refresh.interval", "soon");

        String messages = messages(() -> ApplicationContext.run(p).close());

        assertThat(messages).contains("keyvault.refresh.interval", "'soon'", "30s");
    }

    @Test
    void aliasWithoutUrl_failsStartupNamingTheKey() {
        Map<String, Object> p = settings();
        p.put("keyvault.vaults.payments.secret-prefix", "app-");

        String messages = messages(() -> ApplicationContext.run(p).close());

        assertThat(messages).contains("keyvault.vaults.payments.url is not set");
    }

    @Test
    void vault_unreachable_failsStartupNamingUrlAndOptional() {
        Map<String, Object> p = settings();
        p.put("keyvault.url", "https://localhost:1/");

        try (CapturedLogs logs = new CapturedLogs()) {
            String messages = messages(() -> ApplicationContext.run(p).close());

            assertThat(messages).contains("https://localhost:1/", "keyvault.optional=true");
            assertThat(logs.sdkRetry()).anySatisfy(line -> assertThat(line).startsWith("ERROR")
                    .contains("Retry attempts have been exhausted"));
        }
    }

    @Test
    void vault_unreachableButOptional_startsWithoutItAndReportsDown() {
        Map<String, Object> p = settings();
        p.put("keyvault.url", "https://localhost:1/");
        p.put("keyvault.optional", "true");

        try (CapturedLogs logs = new CapturedLogs(); ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getProperty("greeting", String.class)).isEmpty();
            assertThat(context.getBean(KeyVaultSources.class).statuses())
                    .extracting(VaultStatus::state).containsExactly(VaultStatus.State.DOWN);
            HealthResult health = Mono.from(context.getBean(KeyVaultHealthIndicator.class).getResult()).block();
            assertThat(health.getStatus()).isEqualTo(HealthStatus.DOWN);
            assertThat(logs.sdkRetry()).anySatisfy(line -> assertThat(line).contains("Retry attempts have been exhausted"));
        }
    }

    @Test
    void vault_notConfigured_startsAndSaysSoOnceAtInfo() {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.config-client.enabled", "true");
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                KeyVaultConfigurationClient.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getProperty("greeting", String.class)).isEmpty();
            assertThat(lines.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
                assertThat(e.getFormattedMessage()).contains("Azure Key Vault is not configured", "KEYVAULT_URL");
            });
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void reference_noVaultConfigured_failsStartupNamingPropertyAndUrlKey() {
        Map<String, Object> p = new HashMap<>();
        p.put("app.secret", "${keyvault.ref.db-password}");

        String messages = messages(() -> ApplicationContext.run(p).close());

        assertThat(messages).contains("app.secret: ", "keyvault.url is not set");
    }

    @Test
    void configClient_notEnabled_loadsNoVaultButResolvesReferences() {
        Map<String, Object> p = settings();
        p.put("micronaut.config-client.enabled", "false");

        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getProperty("greeting", String.class)).isEmpty();
            assertThat(context.containsBean(KeyVaultSources.class)).isFalse();
            assertThat(emulator.stats().total()).isZero();
            assertThat(context.getEnvironment().getPlaceholderResolver()
                    .resolveRequiredPlaceholders("${keyvault.ref.greeting}")).isEqualTo("hello");
        }
    }

    @Test
    void aliases_twoVaults_bothServeProperties() {
        Map<String, Object> p = settings();
        p.putAll(KeyVaultTestProperties.alias(emulator, "payments", "payments"));

        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getProperty("greeting", String.class)).contains("hello");
            assertThat(context.getProperty("api.key", String.class)).contains("pay-1");
            assertThat(context.getBean(KeyVaultSources.class).sources())
                    .extracting(s -> s.alias()).containsExactly("default", "payments");
        }
    }

    @Test
    void settings_readThroughTheEnvironment_reachTheCoreWithAliasesAndTags() {
        Map<String, Object> p = settings();
        p.putAll(KeyVaultTestProperties.alias(emulator, "payments", "payments"));
        p.put("keyvault.tags.team", "orders");

        try (ApplicationContext context = ApplicationContext.run(p)) {
            List<KeyVaultConfigSource> sources = context.getBean(KeyVaultSources.class).sources();
            assertThat(sources).extracting(KeyVaultConfigSource::alias).containsExactly("default", "payments");
            KeyVaultOptions main = sources.get(0).options();
            assertThat(main.refreshInterval()).isZero();
            assertThat(main.tags()).containsEntry("team", "orders");
            assertThat(main.trustStoreType()).isEqualTo(emulator.trustStoreType());
            assertThat(main.toString()).doesNotContain(emulator.trustStorePassword());
        }
    }

    @Test
    void environmentPrecedence_systemProperty_overridesVault() {
        Map<String, Object> p = settings();
        System.setProperty("greeting", "from-system");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getProperty("greeting", String.class)).contains("from-system");
        } finally {
            System.clearProperty("greeting");
        }
    }

    @Test
    void refresh_keyAlsoInEnvironmentVariable_environmentStillWinsAndEventIsPublished() {
        Map<String, Object> env = Map.of("MOTD", "from the environment");
        PropertySource environmentVariables = new MapPropertySource("test-environment-variables", env) {
            @Override
            public int getOrder() {
                return EnvironmentPropertySource.POSITION;
            }

            @Override
            public PropertyConvention getConvention() {
                return PropertyConvention.ENVIRONMENT_VARIABLE;
            }
        };

        try (ApplicationContext context = ApplicationContext.builder().properties(settings())
                .propertySources(environmentVariables).start()) {
            assertThat(context.getProperty("motd", String.class)).contains("from the environment");
            RefreshEvents events = context.getBean(RefreshEvents.class);

            emulator.setSecret("demo", "motd", "rotated in the vault");
            context.getBean(KeyVaultSources.class).refreshNow().join();

            assertThat(events.received()).singleElement().satisfies(e -> assertThat(e).containsOnlyKeys("motd"));
            assertThat(context.getProperty("motd", String.class)).contains("from the environment");
        }
    }

    @Test
    void reference_aliasAndMissingSecret_resolveOrFailNamingTheReference() throws InterruptedException {
        Map<String, Object> p = settings();
        p.putAll(KeyVaultTestProperties.alias(emulator, "payments", "payments"));

        try (CapturedLogs logs = new CapturedLogs(); ApplicationContext context = ApplicationContext.run(p)) {
            assertThat(context.getEnvironment().getPlaceholderResolver()
                    .resolveRequiredPlaceholders("key=${keyvault.ref.payments.api-key}")).isEqualTo("key=pay-1");
            String messages = messages(() -> context.getEnvironment().getPlaceholderResolver()
                    .resolveRequiredPlaceholders("${keyvault.ref.no-such-secret}"));
            assertThat(messages).contains("${keyvault.ref.no-such-secret}", "does not exist");
            assertThat(logs.caffeine(java.time.Duration.ofSeconds(1))).allSatisfy(r ->
                    assertThat(String.valueOf(r.getThrown())).doesNotContain("pay-1"));
        }
    }
}
