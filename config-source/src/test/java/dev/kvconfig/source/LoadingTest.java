package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Loading, filters and name mapping, read through SmallRye Config. */
class LoadingTest {

    private static final int PAGED = 60;

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("paged").vault("mapping").vault("filters").seed("paged", pagedSecrets()));

    private static Map<String, String> pagedSecrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 0; i < PAGED; i++) {
            secrets.put("paged-" + i, "paged-value-" + i);
        }
        return secrets;
    }

    @BeforeAll
    static void seed() {
        KeyVaultEmulator emu = EMULATOR.get();
        emu.setSecret("mapping", "db-password", "mapping-value-db");
        emu.setSecret("mapping", "Api-Key", "mapping-value-api");
        emu.setSecret("mapping", "myapp-cache-size", "mapping-value-cache");
        emu.setSecret("mapping", "other-cache-size", "mapping-value-other");

        SecretClient sdk = TestVaults.sdk(emu, "filters");
        sdk.setSecret("plain", "filter-value-plain");
        sdk.setSecret("switched-off", "filter-value-disabled");
        emu.setSecretEnabled("filters", "switched-off", false);
        sdk.setSecret(new KeyVaultSecret("expired", "filter-value-expired")
                .setProperties(new SecretProperties().setExpiresOn(OffsetDateTime.now().minusDays(1))));
        sdk.setSecret(new KeyVaultSecret("future", "filter-value-future")
                .setProperties(new SecretProperties().setNotBefore(OffsetDateTime.now().plusDays(1))));
        sdk.setSecret(new KeyVaultSecret("expiring", "filter-value-expiring")
                .setProperties(new SecretProperties().setExpiresOn(OffsetDateTime.now().plusDays(30))));
        sdk.setSecret(new KeyVaultSecret("tagged-orders", "filter-value-orders")
                .setProperties(new SecretProperties().setTags(Map.of("team", "orders"))));
        sdk.setSecret(new KeyVaultSecret("tagged-billing", "filter-value-billing")
                .setProperties(new SecretProperties().setTags(Map.of("team", "billing"))));
    }

    @Test
    void load_sixtySecretsOverThreePages_servesEverySecret() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "paged"));
        try {
            for (int i = 0; i < PAGED; i++) {
                assertThat(config.getValue("paged." + i, String.class)).isEqualTo("paged-value-" + i);
            }
            assertThat(TestVaults.source(config).getPropertyNames()).hasSize(PAGED);
            assertThat(TestVaults.count(EMULATOR.get(), "paged", "GetSecret")).isEqualTo(PAGED);
            // 3 pages of at most 25, plus the 401 bearer challenge when this JVM has not met this vault yet (the SDK
            // caches challenges per vault host across clients; the emulator counts the 401).
            assertThat(TestVaults.count(EMULATOR.get(), "paged", "GetSecrets")).isBetween(3L, 4L);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void lookup_missingProperty_sendsNoRequest() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "paged"));
        try {
            EMULATOR.get().resetStats();
            for (int i = 0; i < 100; i++) {
                assertThat(config.getOptionalValue("not.in.vault." + i, String.class)).isEmpty();
            }
            assertThat(EMULATOR.get().stats().vault("paged").total()).isZero();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void mapping_dotUnderscoreAndCase_readTheSameSecret() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "mapping"));
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("mapping-value-db");
            assertThat(config.getValue("db_password", String.class)).isEqualTo("mapping-value-db");
            assertThat(config.getValue("DB-PASSWORD", String.class)).isEqualTo("mapping-value-db");
            assertThat(config.getValue("api.key", String.class)).isEqualTo("mapping-value-api");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void propertyNames_dashesBecomeDots_caseAsStored() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "mapping"));
        try {
            assertThat(TestVaults.source(config).getPropertyNames())
                    .contains("db.password", "Api.Key", "myapp.cache.size");
            assertThat(config.getPropertyNames()).contains("db.password", "Api.Key");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void configValue_exactAndOtherSpelling_nameAsAskedWithSourceAndOrdinal() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "mapping"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            ConfigValue exact = config.getConfigValue("db.password");
            assertThat(exact.getValue()).isEqualTo("mapping-value-db");
            assertThat(exact.getName()).isEqualTo("db.password");
            assertThat(exact.getConfigSourceName()).isEqualTo(source.getName());
            assertThat(exact.getConfigSourceOrdinal()).isEqualTo(270);

            ConfigValue other = config.getConfigValue("DB_PASSWORD");
            assertThat(other.getValue()).isEqualTo("mapping-value-db");
            assertThat(other.getName()).isEqualTo("DB_PASSWORD");
            assertThat(other.getConfigSourceName()).isEqualTo(source.getName());

            assertThat(source.getConfigValue("not.there")).isNull();
            assertThat(source.getConfigValue(null)).isNull();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void propertyMaps_areEmpty_whileNamesListAndLookupsServe() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "mapping"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            assertThat(source.getPropertyNames()).containsExactly(
                    "Api.Key", "db.password", "myapp.cache.size", "other.cache.size");
            assertThat(source.getProperties()).isEmpty();
            assertThat(source.getConfigValueProperties()).isEmpty();
            assertThat(source.getValue("db.password")).isEqualTo("mapping-value-db");
            assertThat(source.getConfigValue("DB_PASSWORD").getName()).isEqualTo("DB_PASSWORD");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void secretPrefix_set_loadsOnlyPrefixedSecretsWithoutPrefix() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "mapping"));
        s.put("keyvault.secret-prefix", "MyApp-");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("cache.size", String.class)).isEqualTo("mapping-value-cache");
            assertThat(config.getOptionalValue("db.password", String.class)).isEmpty();
            assertThat(TestVaults.source(config).getPropertyNames()).containsExactly("cache.size");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void filters_disabledExpiredNotYetValid_areSkipped() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "filters"));
        try {
            assertThat(config.getValue("plain", String.class)).isEqualTo("filter-value-plain");
            assertThat(config.getValue("expiring", String.class)).isEqualTo("filter-value-expiring");
            assertThat(config.getOptionalValue("switched.off", String.class)).isEmpty();
            assertThat(config.getOptionalValue("expired", String.class)).isEmpty();
            assertThat(config.getOptionalValue("future", String.class)).isEmpty();
            assertThat(TestVaults.source(config).status().soonestExpiry()).isPresent();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void filters_tag_loadsOnlyMatchingSecrets() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "filters"));
        s.put("keyvault.tags.team", "orders");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(TestVaults.source(config).getPropertyNames()).containsExactly("tagged.orders");
            assertThat(config.getValue("tagged.orders", String.class)).isEqualTo("filter-value-orders");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void filters_explicitSecrets_loadWithoutListing() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "mapping"));
        s.put("keyvault.secrets", "db-password, api-key, not-there");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("mapping-value-db");
            assertThat(config.getValue("api.key", String.class)).isEqualTo("mapping-value-api");
            assertThat(config.getOptionalValue("myapp.cache.size", String.class)).isEmpty();
            assertThat(TestVaults.count(EMULATOR.get(), "mapping", "GetSecrets")).isZero();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void open_programmaticOptions_servesSecrets() {
        KeyVaultEmulator emu = EMULATOR.get();
        KeyVaultOptions options = KeyVaultOptions.builder()
                .vaultUrl(emu.vaultUrl("mapping").toString())
                .credentialType(KeyVaultOptions.CredentialType.EMULATOR)
                .trustStore(emu.trustStore()).trustStoreType(emu.trustStoreType())
                .trustStorePassword(emu.trustStorePassword()::toCharArray)
                .refreshInterval(java.time.Duration.ZERO)
                .build();
        try (KeyVaultConfigSource source = KeyVaultConfigSource.open(options)) {
            assertThat(source.getValue("db.password")).isEqualTo("mapping-value-db");
            assertThat(source.status().state()).isEqualTo(VaultStatus.State.UP);
        }
    }

    @Test
    void ordinal_default_is270() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "mapping"));
        try {
            assertThat(TestVaults.source(config).getOrdinal()).isEqualTo(270);
            assertThat(config.getConfigValue("db.password").getSourceName()).startsWith("KeyVaultConfigSource[");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void ordinal_set_overridesLowerSources() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "mapping"));
        s.put("keyvault.ordinal", "200");
        s.put("db.password", "from-properties");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            // settings sit at 250, the vault at 200: the properties value wins.
            assertThat(config.getValue("db.password", String.class)).isEqualTo("from-properties");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void aliasVault_setOnlyUnderAProfile_isLoaded() {
        Map<String, String> settings = new HashMap<>();
        TestVaults.aliasSettings(EMULATOR.get(), "mapping", "pay").forEach((k, v) -> settings.put("%dev." + k, v));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .addDefaultInterceptors()
                .withProfile("dev")
                .withSources(new PropertiesConfigSource(settings, "test-settings", 250))
                .build();
        assertServesOnlyAliasPay(config);
    }

    @Test
    void aliasVault_setOnlyInEnvironmentForm_isLoaded() {
        Map<String, String> environment = new HashMap<>();
        TestVaults.aliasSettings(EMULATOR.get(), "mapping", "pay").forEach((k, v) ->
                environment.put(k.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), v));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(environment, 300))
                .build();
        assertServesOnlyAliasPay(config);
    }

    /** The vault source of alias {@code pay} (vault "mapping") is the config's only one and serves; closes the config. */
    private static void assertServesOnlyAliasPay(SmallRyeConfig config) {
        try {
            assertThat(KeyVaultConfigSource.of(config)).extracting(KeyVaultConfigSource::alias).containsExactly("pay");
            assertThat(config.getValue("db.password", String.class)).isEqualTo("mapping-value-db");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }
}
