package dev.kvconfig.benchmarks;

import dev.kvconfig.source.KeyVaultConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kvconfig side of the peer benchmark, run as a child JVM exactly like the Spring Cloud Azure side
 * ({@code benchmarks-spring-peer}), so both start cold and neither shares the parent's warmed-up classes. The settings
 * arrive as {@code key=value} arguments and are served at ordinal 250, where an application.properties would be; the
 * source is found by SmallRye discovery, as in an application.
 *
 * <p>Same line protocol as the Spring peer: {@code start}, {@code refresh} ({@code refreshNow()}), {@code value},
 * {@code stop}, {@code exit}; answers start with {@code KVBENCH}.
 */
public final class KvconfigPeer {

    private KvconfigPeer() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String probe = System.getProperty("kvbench.probe", BenchVault.PROBE);
        PrintStream out = System.out;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        SmallRyeConfig config = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.trim()) {
                case "start": {
                    long t0 = System.nanoTime();
                    config = new SmallRyeConfigBuilder()
                            .addDiscoveredSources()
                            .addDiscoveredSecretKeysHandlers()
                            .addDefaultInterceptors()
                            .withSources(new PropertiesConfigSource(settings, "benchmark-settings", 250))
                            .build();
                    boolean ok = config.getOptionalValue(probe, String.class).isPresent();
                    long t1 = System.nanoTime();
                    out.println("KVBENCH started " + (ok ? t1 - t0 : -1) + " " + (t1 - t0));
                    break;
                }
                case "refresh": {
                    long t0 = System.nanoTime();
                    KeyVaultConfigSource.of(config).get(0).refreshNow().join();
                    out.println("KVBENCH refreshed " + (System.nanoTime() - t0));
                    break;
                }
                case "value":
                    out.println("KVBENCH value "
                            + PeerProcess.fingerprint(config.getOptionalValue(probe, String.class).orElse(null)));
                    break;
                case "stop":
                    KeyVaultConfigSource.closeAll(config);
                    config = null;
                    out.println("KVBENCH stopped");
                    break;
                case "exit":
                    out.println("KVBENCH bye");
                    out.flush();
                    System.exit(0);
                    return;
                default:
                    out.println("KVBENCH error unknown command " + line);
            }
            out.flush();
        }
    }
}
