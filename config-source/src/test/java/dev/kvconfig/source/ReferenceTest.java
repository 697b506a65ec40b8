package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ${keyvault::[alias:]name[/version]}} references resolved by the keyvault secret-keys handler. */
class ReferenceTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo", "payments");

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "payments", "pay"));
        return s;
    }

    @Test
    void reference_latest_resolvesInsideAValue() {
        EMULATOR.get().setSecret("demo", "ref-db-password", "ref-value-db");
        Map<String, String> s = settings();
        s.put("app.jdbc", "jdbc:postgresql://db/app?password=${keyvault::ref-db-password}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("app.jdbc", String.class))
                    .isEqualTo("jdbc:postgresql://db/app?password=ref-value-db");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_defaultAlias_readsTheMainVault() {
        EMULATOR.get().setSecret("demo", "ref-main-only", "ref-value-main");
        Map<String, String> s = settings();
        // "default" is the main vault's name in status, health and metrics, so it names that vault here too.
        s.put("app.main", "${keyvault::default:ref-main-only}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("app.main", String.class)).isEqualTo("ref-value-main");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_aliasInAnotherCase_readsThatVault() {
        EMULATOR.get().setSecret("payments", "ref-cased", "ref-value-cased");
        Map<String, String> s = settings();
        s.put("app.cased", "${keyvault::PAY:ref-cased}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("app.cased", String.class)).isEqualTo("ref-value-cased");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_pinnedVersion_servesThatVersionAndIsNeverFetchedAgain() {
        String v1 = EMULATOR.get().setSecret("demo", "ref-pinned", "ref-value-v1");
        EMULATOR.get().setSecret("demo", "ref-pinned", "ref-value-v2");
        Map<String, String> s = settings();
        s.put("app.old", "${keyvault::ref-pinned/" + v1 + "}");
        s.put("app.new", "${keyvault::ref-pinned}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("app.old", String.class)).isEqualTo("ref-value-v1");
            assertThat(config.getValue("app.new", String.class)).isEqualTo("ref-value-v2");
            EMULATOR.get().resetStats();
            for (int i = 0; i < 10; i++) {
                assertThat(config.getValue("app.old", String.class)).isEqualTo("ref-value-v1");
            }
            assertThat(TestVaults.count(EMULATOR.get(), "demo", "GetSecret")).isZero();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_alias_readsTheSecondVault() {
        EMULATOR.get().setSecret("payments", "api-key", "ref-value-payments");
        EMULATOR.get().setSecret("demo", "api-key", "ref-value-demo");
        Map<String, String> s = settings();
        s.put("app.payments-key", "${keyvault::pay:api-key}");
        s.put("app.demo-key", "${keyvault::api-key}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("app.payments-key", String.class)).isEqualTo("ref-value-payments");
            assertThat(config.getValue("app.demo-key", String.class)).isEqualTo("ref-value-demo");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_readTwice_fetchesOnce() {
        EMULATOR.get().setSecret("demo", "ref-cached", "ref-value-cached");
        Map<String, String> s = settings();
        s.put("app.cached", "${keyvault::ref-cached}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            EMULATOR.get().resetStats();
            for (int i = 0; i < 5; i++) {
                assertThat(config.getValue("app.cached", String.class)).isEqualTo("ref-value-cached");
            }
            assertThat(TestVaults.count(EMULATOR.get(), "demo", "GetSecret")).isLessThanOrEqualTo(2L); // 1 + challenge
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void vaults_aliasSource_hasItsOwnSourceAndOrdinal() {
        EMULATOR.get().setSecret("payments", "only-in-payments", "ref-value-only");
        Map<String, String> s = settings();
        s.put("keyvault.vaults.pay.ordinal", "280");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(KeyVaultConfigSource.of(config)).extracting(KeyVaultConfigSource::alias)
                    .containsExactly("pay", "default");
            assertThat(KeyVaultConfigSource.of(config).get(0).getOrdinal()).isEqualTo(280);
            assertThat(config.getValue("only.in.payments", String.class)).isEqualTo("ref-value-only");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }
}
