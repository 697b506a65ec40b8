package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.nio.file.Path;
import java.util.List;

/** The config sources compared side by side, each run in a child JVM of its own with the same heap limit. */
enum Peer {

    KVCONFIG("kvconfig-source", "kvconfig") {
        @Override
        List<String> jvmArgs(KeyVaultEmulator emulator, Path jar) {
            return List.of(HEAP, "-Dkvbench.probe=" + BenchVault.PROBE, "-cp", System.getProperty("java.class.path"),
                    KvconfigPeer.class.getName());
        }

        @Override
        List<String> mainArgs(KeyVaultEmulator emulator, String vault) {
            // As an application.properties would say it; refresh keeps its default (5m) and is triggered by the driver.
            return List.of(
                    "keyvault.url=" + emulator.vaultUrl(vault),
                    "keyvault.credential.type=emulator",
                    "keyvault.tls.trust-store=" + emulator.trustStore(),
                    "keyvault.tls.trust-store-password=" + emulator.trustStorePassword(),
                    "keyvault.tls.trust-store-type=" + emulator.trustStoreType());
        }
    },

    SPRING("Spring Cloud Azure (Boot 3)", "spring") {
        @Override
        List<String> jvmArgs(KeyVaultEmulator emulator, Path jar) {
            // Spring Cloud Azure's default Netty client trusts the JVM trust store: the usual way to add a CA.
            return List.of(HEAP, "-Djavax.net.ssl.trustStore=" + emulator.trustStore(),
                    "-Djavax.net.ssl.trustStorePassword=" + emulator.trustStorePassword(),
                    "-Djavax.net.ssl.trustStoreType=" + emulator.trustStoreType(),
                    "-Dkvbench.probe=" + BenchVault.PROBE, "-jar", jar.toString());
        }

        @Override
        List<String> mainArgs(KeyVaultEmulator emulator, String vault) {
            // Spring binds an indexed list from one property source only, so all [0] keys go in one place.
            String source = "--spring.cloud.azure.keyvault.secret.property-sources[0].";
            return List.of(
                    source + "endpoint=" + emulator.vaultUrl(vault),
                    // The emulator on localhost cannot pass the SDK's challenge resource check.
                    source + "challenge-resource-verification-enabled=false",
                    // The default (30m), stated: the driver triggers refresh cycles itself (SpringPeer#refresh).
                    source + "refresh-interval=30m");
        }
    },

    STARTER("kvconfig Boot 3 starter", "starter") {
        @Override
        List<String> jvmArgs(KeyVaultEmulator emulator, Path jar) {
            return List.of(HEAP, "-Dkvbench.probe=" + BenchVault.PROBE, "-jar", jar.toString());
        }

        @Override
        List<String> mainArgs(KeyVaultEmulator emulator, String vault) {
            // As the starter documents it: the import line and the core's keyvault.* keys (here on the command line);
            // refresh keeps its default (5m) and is triggered by the driver.
            return List.of(
                    "--spring.config.import=keyvault:",
                    "--keyvault.url=" + emulator.vaultUrl(vault),
                    "--keyvault.credential.type=emulator",
                    "--keyvault.tls.trust-store=" + emulator.trustStore(),
                    "--keyvault.tls.trust-store-password=" + emulator.trustStorePassword(),
                    "--keyvault.tls.trust-store-type=" + emulator.trustStoreType());
        }
    },

    /** {@link #SPRING}'s app and settings on Spring Boot 4 with Spring Cloud Azure 7 ({@code benchmarks-spring4-peer}). */
    SPRING4("Spring Cloud Azure (Boot 4)", "spring4") {
        @Override
        List<String> jvmArgs(KeyVaultEmulator emulator, Path jar) {
            return SPRING.jvmArgs(emulator, jar);
        }

        @Override
        List<String> mainArgs(KeyVaultEmulator emulator, String vault) {
            return SPRING.mainArgs(emulator, vault);
        }
    },

    /** {@link #STARTER}'s app and settings on Spring Boot 4 with the Boot 4 starter ({@code benchmarks-starter4-peer}). */
    STARTER4("kvconfig Boot 4 starter", "starter4") {
        @Override
        List<String> jvmArgs(KeyVaultEmulator emulator, Path jar) {
            return STARTER.jvmArgs(emulator, jar);
        }

        @Override
        List<String> mainArgs(KeyVaultEmulator emulator, String vault) {
            return STARTER.mainArgs(emulator, vault);
        }
    };

    /** The Spring pairs, each Spring Cloud Azure next to the kvconfig starter on the same Spring Boot. */
    static final List<List<Peer>> SPRING_PAIRS = List.of(List.of(SPRING, STARTER), List.of(SPRING4, STARTER4));

    /** Same heap for every child JVM. */
    private static final String HEAP = "-Xmx1g";

    private final String title;
    private final String id;

    Peer(String title, String id) {
        this.title = title;
        this.id = id;
    }

    String title() {
        return title;
    }

    String id() {
        return id;
    }

    /** The child JVM's options; {@code jar} is the peer's own jar ({@link #needsJar()}), else null. */
    abstract List<String> jvmArgs(KeyVaultEmulator emulator, Path jar);

    /** Whether the peer is a kvconfig Spring Boot starter app. */
    boolean starter() {
        return this == STARTER || this == STARTER4;
    }

    /** The jar the benchmarks build for this peer (run from the repository root). */
    Path defaultJar() {
        return Path.of("benchmarks-" + id + "-peer/target/kvconfig-benchmarks-" + id + "-peer.jar");
    }

    /** Whether the peer runs from a jar of its own (a Spring Boot app) rather than this classpath. */
    boolean needsJar() {
        return this != KVCONFIG;
    }

    abstract List<String> mainArgs(KeyVaultEmulator emulator, String vault);
}
