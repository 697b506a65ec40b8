package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Lookups through kvconfig's source (1,000 secrets loaded from the emulator) next to SmallRye's map-backed
 * {@link PropertiesConfigSource} holding the same 1,000 properties: a hit ({@code bench.0500}, which kvconfig maps to
 * secret {@code bench-0500}) and a miss, first on the {@code ConfigSource}, then through a {@code SmallRyeConfig} that
 * holds only that source. No I/O happens in any of them: refresh is off, and a miss never calls the vault.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class LookupBenchmark {

    static final int SECRETS = 1000;
    static final String HIT = "bench.0500";
    static final String MISS = "not.in.the.vault";

    private KeyVaultEmulator emulator;
    private SmallRyeConfig kvConfig;
    private SmallRyeConfig mapConfig;
    private ConfigSource kvSource;
    private ConfigSource mapSource;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, String> secrets = BenchVault.secrets(SECRETS);
        emulator = KeyVaultEmulator.builder().vault("lookup").seed("lookup", secrets).start();
        Map<String, String> settings = new HashMap<>(emulator.clientSettings("lookup", "keyvault."));
        settings.put("keyvault.refresh.interval", "0");
        kvConfig = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .withSources(new PropertiesConfigSource(settings, "benchmark-settings", 100))
                .build();
        kvSource = KeyVaultConfigSource.of(kvConfig).get(0);

        Map<String, String> properties = new HashMap<>();
        secrets.forEach((name, value) -> properties.put(name.replace('-', '.'), value));
        mapSource = new PropertiesConfigSource(properties, "map", 270);
        // The same settings source as the kvconfig side, so a miss walks the same number of sources in both configs.
        mapConfig = new SmallRyeConfigBuilder()
                .withSources(mapSource, new PropertiesConfigSource(settings, "benchmark-settings", 100))
                .build();
        if (!secrets.get("bench-0500").equals(kvSource.getValue(HIT)) || mapSource.getValue(HIT) == null) {
            throw new IllegalStateException("setup: " + HIT + " not served by both sources");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        KeyVaultConfigSource.closeAll(kvConfig);
        emulator.close();
    }

    @Benchmark
    public String sourceHitKvconfig() {
        return kvSource.getValue(HIT);
    }

    @Benchmark
    public String sourceHitMap() {
        return mapSource.getValue(HIT);
    }

    @Benchmark
    public String sourceMissKvconfig() {
        return kvSource.getValue(MISS);
    }

    @Benchmark
    public String sourceMissMap() {
        return mapSource.getValue(MISS);
    }

    @Benchmark
    public Object configHitKvconfig() {
        return kvConfig.getConfigValue(HIT).getValue();
    }

    @Benchmark
    public Object configHitMap() {
        return mapConfig.getConfigValue(HIT).getValue();
    }

    @Benchmark
    public Object configMissKvconfig() {
        return kvConfig.getConfigValue(MISS).getValue();
    }

    @Benchmark
    public Object configMissMap() {
        return mapConfig.getConfigValue(MISS).getValue();
    }
}
