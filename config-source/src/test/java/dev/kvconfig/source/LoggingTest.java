package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Everything the source logs (System.Logger goes to JUL here) across load, change, outage and recovery. */
class LoggingTest {

    private static final Map<String, String> SEEDED = Map.of(
            "log-db-password", "SEEDED-VALUE-db-7f3a",
            "log-api-key", "SEEDED-VALUE-api-91c2");

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(
            KeyVaultEmulator.builder().vault("logged").seed("logged", SEEDED));

    @Test
    void logs_loadChangeOutageRecovery_containNoSecretValue() throws Exception {
        List<String> lines = new ArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String line = formatter.format(record);
                synchronized (lines) {
                    lines.add(line);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("dev.kvconfig.source");
        Level before = ours.getLevel();
        ours.setLevel(Level.ALL);
        root.addHandler(capture);
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "logged"));
        s.put("app.ref", "${keyvault::log-api-key}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            assertThat(config.getValue("app.ref", String.class)).isEqualTo("SEEDED-VALUE-api-91c2");
            source.addChangeListener(e -> {
                throw new IllegalStateException("listener failure mentioning nothing secret");
            });
            EMULATOR.get().setSecret("logged", "log-db-password", "SEEDED-VALUE-db-rotated-44b0");
            source.refreshNow().get(30, TimeUnit.SECONDS);
            EMULATOR.get().faults(TestVaults.OUTAGE);
            for (int i = 0; i < 3; i++) {
                source.refreshNow().get(30, TimeUnit.SECONDS);
            }
            EMULATOR.get().clearFaults();
            source.refreshNow().get(30, TimeUnit.SECONDS);
            Logger.getLogger("capture-check").info(String.valueOf(source.getProperties()) + " " + source.options()
                    + " " + source.status() + " " + source);
        } finally {
            KeyVaultConfigSource.closeAll(config);
            root.removeHandler(capture);
            ours.setLevel(before);
        }
        String all;
        synchronized (lines) {
            all = String.join("\n", lines);
        }
        assertThat(all).contains("kvconfig: loaded 2 secrets").contains("DEGRADED").contains("UP again");
        // Three failed cycles, one state change: one line.
        assertThat(all.split("is DEGRADED", -1)).hasSize(2);
        assertThat(all).doesNotContain("SEEDED-VALUE").doesNotContain(EMULATOR.get().trustStorePassword());
    }
}
