package dev.kvconfig.emulator.junit;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link KeyVaultEmulator} per test class: started before all tests, closed after all; before each test its
 * faults are cleared and its stats reset (secrets are kept). Parameters of type {@code KeyVaultEmulator} are injected.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo", "other");
 * }</pre>
 * or {@code KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()...)}, or {@code @ExtendWith(KeyVaultEmulatorExtension.class)}
 * for one vault named {@code demo}. Register it on a static field: an instance field would start one emulator per test.
 */
public final class KeyVaultEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private final KeyVaultEmulator.Builder builder;
    private KeyVaultEmulator emulator;
    private String owner;

    /** One vault named {@code demo} (what {@code @ExtendWith(KeyVaultEmulatorExtension.class)} uses). */
    public KeyVaultEmulatorExtension() {
        this(KeyVaultEmulator.builder().vault("demo"));
    }

    private KeyVaultEmulatorExtension(KeyVaultEmulator.Builder builder) {
        this.builder = builder;
    }

    /** An emulator with these vaults. @throws IllegalArgumentException for an invalid or missing name */
    public static KeyVaultEmulatorExtension withVaults(String... vaults) {
        if (vaults.length == 0) {
            throw new IllegalArgumentException("withVaults needs at least one vault name");
        }
        KeyVaultEmulator.Builder b = KeyVaultEmulator.builder();
        for (String v : vaults) {
            b.vault(v);
        }
        return new KeyVaultEmulatorExtension(b);
    }

    /** An emulator from this builder (started before all tests). */
    public static KeyVaultEmulatorExtension of(KeyVaultEmulator.Builder builder) {
        return new KeyVaultEmulatorExtension(Objects.requireNonNull(builder, "builder"));
    }

    /** The running emulator. @throws IllegalStateException outside the test class's lifecycle */
    public KeyVaultEmulator get() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator runs only between beforeAll and afterAll;"
                    + " register the extension on a static field");
        }
        return emulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (emulator == null) { // nested classes reuse the outer class's emulator
            emulator = builder.start();
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null && context.getUniqueId().equals(owner)) {
            emulator.close();
            emulator = null;
            owner = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        KeyVaultEmulator e = get();
        e.clearFaults();
        e.resetStats();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KeyVaultEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return get();
    }
}
