package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import java.lang.reflect.Modifier;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walks every public object a loaded source hands out (its maps and their views, names, options, status, change events,
 * the exceptions of a failed start and of a failed reference) and prints each: no seeded value may show. The one
 * documented exception, SmallRye's own {@link ConfigValue} that {@code getConfigValue} returns (docs/config-source.md,
 * "What prints a value"), is pinned by its own test, so a change on either side shows.
 */
class NoValueEscapesTest {

    private static final Map<String, String> SEEDED = Map.of(
            "walk-db-password", "SEEDED-WALK-db-5e1d",
            "walk-api-key", "SEEDED-WALK-api-0b7c");

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(
            KeyVaultEmulator.builder().vault("walked").vault("down").seed("walked", SEEDED));

    @Test
    void publicObjects_ofALoadedSource_printNoSecretValue() throws Exception {
        // An expiring secret puts an item into status().expiring() as well.
        TestVaults.sdk(EMULATOR.get(), "walked").setSecret(new com.azure.security.keyvault.secrets.models.KeyVaultSecret(
                "walk-expiring", "SEEDED-WALK-exp-77aa").setProperties(
                new com.azure.security.keyvault.secrets.models.SecretProperties()
                        .setExpiresOn(OffsetDateTime.now().plusDays(3))));
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "walked"));
        s.put("app.ref", "${keyvault::walk-api-key}");
        s.put("app.missing", "${keyvault::walk-not-there}");
        SmallRyeConfig config = TestVaults.config(s);
        List<Object> printed = new ArrayList<>();
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            assertThat(config.getValue("app.ref", String.class)).isEqualTo("SEEDED-WALK-api-0b7c");
            assertThat(source.getValue("walk.db.password")).isEqualTo("SEEDED-WALK-db-5e1d");
            List<SecretsChangeEvent> events = new CopyOnWriteArrayList<>();
            source.addChangeListener(events::add);
            EMULATOR.get().setSecret("walked", "walk-db-password", "SEEDED-WALK-db-rotated-31f0");
            source.refreshNow().get(30, TimeUnit.SECONDS);
            assertThat(events).hasSize(1);

            printed.add(source);
            printed.add(source.getName());
            printed.add(source.getProperties());
            printed.add(source.getProperties().values());
            printed.add(source.getProperties().entrySet());
            printed.add(source.getProperties().keySet());
            printed.add(source.getConfigValueProperties());
            printed.add(source.getConfigValueProperties().values());
            printed.add(source.getConfigValueProperties().entrySet());
            source.getProperties().forEach((k, v) -> printed.add(k + "=" + v));
            source.getConfigValueProperties().forEach((k, v) -> printed.add(k + "=" + v));
            printed.add(source.getPropertyNames());
            printed.add(source.options());
            printed.add(source.status());
            printed.add(source.status().expiring());
            printed.add(source.status().healthDetails());
            printed.add(source.refreshNow().get(30, TimeUnit.SECONDS));
            printed.add(events);
            assertThat(source.status().expiring()).extracting(ExpiringItem::name).contains("walk-expiring");
            assertThatThrownBy(() -> config.getValue("app.missing", String.class))
                    .satisfies(e -> printed.addAll(chain(e)));
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }

        Map<String, String> down = new HashMap<>(TestVaults.settings(EMULATOR.get(), "down"));
        EMULATOR.get().faults(TestVaults.OUTAGE);
        try {
            assertThatThrownBy(() -> TestVaults.config(down)).satisfies(e -> printed.addAll(chain(e)));
        } finally {
            EMULATOR.get().clearFaults();
        }

        StringBuilder all = new StringBuilder();
        for (Object o : printed) {
            all.append(o).append('\n');
        }
        assertThat(all.toString()).contains("walk.db.password").contains("walk-not-there").contains("could not be loaded")
                .doesNotContain("SEEDED-WALK").doesNotContain(EMULATOR.get().trustStorePassword());
    }

    /**
     * The documented boundary: {@code getConfigValue} of a vault property, on the source and through the config,
     * returns SmallRye's {@link ConfigValue} (a private constructor: nothing can subclass it to mask it), whose
     * {@code toString()} prints the value and the raw value; the raw value is the secret because SmallRye's CDI
     * injection of a {@code ConfigValue} reads a null raw value as unset (Quarkus {@code ConfigValueInjectionTest}).
     * A reference's config value prints the resolved value and the reference as written. If SmallRye starts masking
     * {@code toString()}, or the source stops setting the raw value, this fails: update docs/config-source.md with it.
     */
    @Test
    void configValue_ofAVaultProperty_isSmallRyesAndPrintsTheValue() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "walked"));
        s.put("app.ref", "user=app;key=${keyvault::walk-api-key}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            String value = source.getValue("walk.api.key");
            assertThat(value).isEqualTo("SEEDED-WALK-api-0b7c");
            assertThat(ConfigValue.class.getDeclaredConstructors())
                    .allSatisfy(c -> assertThat(Modifier.isPrivate(c.getModifiers())).isTrue());

            for (ConfigValue fromVault : List.of(source.getConfigValue("walk.api.key"),
                    config.getConfigValue("walk.api.key"), config.getConfigValue("WALK_API_KEY"))) {
                assertThat(fromVault.getClass()).isEqualTo(ConfigValue.class);
                assertThat(fromVault.getValue()).isEqualTo(value);
                assertThat(fromVault.getRawValue()).isEqualTo(value);
                assertThat(fromVault.toString()).contains("value='" + value + "'", "rawValue='" + value + "'");
            }

            ConfigValue reference = config.getConfigValue("app.ref");
            assertThat(reference.toString()).contains("value='user=app;key=" + value + "'",
                    "rawValue='user=app;key=${keyvault::walk-api-key}'");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    /** An exception, its causes and suppressed ones, each as toString() and message. */
    private static List<String> chain(Throwable e) {
        List<String> out = new ArrayList<>();
        for (Throwable t = e; t != null && out.size() < 40; t = t.getCause() == t ? null : t.getCause()) {
            out.add(t.toString());
            out.add(String.valueOf(t.getMessage()));
            for (Throwable s : t.getSuppressed()) {
                out.add(s.toString());
            }
        }
        return out;
    }
}
