package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An adapter whose users write the settings under their own root ({@code quarkus.keyvault.}) has the core read them there:
 * {@code new KeyVaultConfigSourceFactory(root)} reads {@code root*} and names those keys in messages and logs.
 */
class KeyRootTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("rooted");

    private static SmallRyeConfig config(Map<String, String> settings) {
        Map<String, String> rooted = new HashMap<>();
        settings.forEach((k, v) -> rooted.put(k.startsWith("keyvault.") ? "app.kv." + k.substring(9) : k, v));
        return new SmallRyeConfigBuilder()
                .withSources(new KeyVaultConfigSourceFactory("app.kv."))
                .withSources(new PropertiesConfigSource(rooted, "adapter-settings", 250))
                .build();
    }

    @Test
    void keyRoot_badDuration_messageNamesTheAdaptersKey() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "rooted"));
        s.put("keyvault.refresh.interval", "soon");
        assertThatThrownBy(() -> config(s))
                .hasMessageContaining("app.kv.refresh.interval: 'soon' is not valid")
                .hasMessageNotContaining(" keyvault.refresh");
    }

    @Test
    void keyRoot_badTenantId_messageNamesTheAdaptersKey() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "rooted"));
        s.put("keyvault.credential.tenant-id", "my tenant");
        assertThatThrownBy(() -> config(s))
                .hasMessageContaining("app.kv.credential.tenant-id: 'my tenant' is not valid")
                .hasMessageNotContaining(" keyvault.credential");
    }

    @Test
    void keyRoot_reservedAlias_messageNamesTheAdaptersKeys() {
        Map<String, String> s = new HashMap<>(TestVaults.aliasSettings(EMULATOR.get(), "rooted", "default"));
        assertThatThrownBy(() -> config(s)).hasMessageContaining("app.kv.vaults.default: the alias 'default' is "
                + "reserved").hasMessageContaining("app.kv.url");
    }

    @Test
    void keyRoot_unreachableAtStartup_messageNamesTheAdaptersKeys() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "rooted"));
        s.put("keyvault.url", "https://localhost:1/");
        assertThatThrownBy(() -> config(s))
                .hasMessageContaining("(app.kv.url)").hasMessageContaining("app.kv.optional=true");
    }

    @Test
    void keyRoot_optionalVaultDownAtStartup_logLineNamesTheAdaptersKey() {
        List<String> lines = new ArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(formatter.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger ours = Logger.getLogger("dev.kvconfig.source");
        ours.addHandler(capture);
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "rooted"));
        s.put("keyvault.url", "https://localhost:1/");
        s.put("keyvault.optional", "true");
        SmallRyeConfig config = null;
        try {
            config = config(s);
            assertThat(KeyVaultConfigSource.of(config).get(0).status().state()).isEqualTo(VaultStatus.State.DOWN);
        } finally {
            if (config != null) {
                KeyVaultConfigSource.closeAll(config);
            }
            ours.removeHandler(capture);
        }
        synchronized (lines) {
            assertThat(String.join("\n", lines)).contains("app.kv.optional=true").doesNotContain(" keyvault.optional");
        }
    }

    @Test
    void keyRoot_aliasVault_readsItsKeysAndServes() {
        EMULATOR.get().setSecret("rooted", "rooted-secret", "rooted-value");
        Map<String, String> s = new HashMap<>(TestVaults.aliasSettings(EMULATOR.get(), "rooted", "pay"));
        SmallRyeConfig config = config(s);
        try {
            assertThat(config.getValue("rooted.secret", String.class)).isEqualTo("rooted-value");
            assertThat(KeyVaultConfigSource.of(config).get(0).options().keyPrefix()).isEqualTo("app.kv.vaults.pay.");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void keyRoot_plainKeyvaultKeys_areNotReadUnderAnotherRoot() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "rooted"));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new KeyVaultConfigSourceFactory("app.kv."))
                .withSources(new PropertiesConfigSource(s, "plain-settings", 250))
                .build();
        assertThat(KeyVaultConfigSource.of(config)).isEmpty();
    }

    @Test
    void keyRoot_withoutTrailingDot_isRejected() {
        assertThatThrownBy(() -> new KeyVaultConfigSourceFactory("quarkus.keyvault"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends with '.'");
    }
}
