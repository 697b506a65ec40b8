package dev.kvconfig.quarkus.deployment;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An emulator the test starts itself, before Quarkus builds the application, and hands over as system properties (the
 * one channel both the test's class loader and Quarkus' see); {@link #stop()} closes it and clears them. Used through
 * {@code QuarkusUnitTest.setBeforeAllCustomizer/setAfterAllCustomizer}, so it starts once per test class. The builder
 * is a supplier because Quarkus loads the test class a second time, in its own class loader, where nothing may start.
 */
final class ExplicitEmulator {

    private final Supplier<KeyVaultEmulator.Builder> builder;
    private final Map<String, Function<KeyVaultEmulator, String>> properties = new LinkedHashMap<>();
    private Consumer<KeyVaultEmulator> afterStart = e -> { };
    private KeyVaultEmulator emulator;

    private ExplicitEmulator(Supplier<KeyVaultEmulator.Builder> builder) {
        this.builder = builder;
    }

    /** Wires {@code quarkus.keyvault.url} to {@code mainVault}, trust and {@code credential.type=emulator}. */
    static ExplicitEmulator of(Supplier<KeyVaultEmulator.Builder> builder, String mainVault) {
        return new ExplicitEmulator(builder)
                .property("quarkus.keyvault.url", e -> e.vaultUrl(mainVault).toString())
                .property("quarkus.keyvault.credential.type", e -> "emulator")
                .property("quarkus.keyvault.tls.trust-store", e -> e.trustStore().toString())
                .property("quarkus.keyvault.tls.trust-store-password", KeyVaultEmulator::trustStorePassword)
                .property("quarkus.keyvault.tls.trust-store-type", KeyVaultEmulator::trustStoreType);
    }

    ExplicitEmulator property(String key, Function<KeyVaultEmulator, String> value) {
        properties.put(key, value);
        return this;
    }

    /** Runs once the emulator is up, before Quarkus starts (e.g. to create keys through the SDK). */
    ExplicitEmulator afterStart(Consumer<KeyVaultEmulator> action) {
        afterStart = action;
        return this;
    }

    void start() {
        emulator = builder.get().start();
        afterStart.accept(emulator);
        properties.forEach((key, value) -> System.setProperty(key, value.apply(emulator)));
    }

    void stop() {
        properties.keySet().forEach(System::clearProperty);
        if (emulator != null) {
            emulator.close();
        }
    }
}
