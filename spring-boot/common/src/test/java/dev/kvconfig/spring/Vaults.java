package dev.kvconfig.spring;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.test.KeyVaultTestProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starting {@link TestApp} through {@code SpringApplication} against an emulator, as the tests do. */
final class Vaults {

    private Vaults() {
    }

    static Map<String, Object> settings(KeyVaultEmulator emulator, String vault) {
        return new LinkedHashMap<>(KeyVaultTestProperties.of(emulator, vault));
    }

    /** Runs the app with {@code properties} as default properties and {@code args} as the command line. */
    static ConfigurableApplicationContext run(Map<String, Object> properties, String... args) {
        return new SpringApplicationBuilder(TestApp.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(properties)
                .run(args);
    }

    /** The whole cause chain's messages, as a user reads a failed startup. */
    static String messages(ThrowableAssert.ThrowingCallable start) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(start);
        org.assertj.core.api.Assertions.assertThat(thrown).isNotNull();
        StringBuilder s = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append('\n');
        }
        return s.toString();
    }

    /** Live refresher threads of the core ({@code kvconfig-refresh-<alias>-…}). */
    static long refresherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("kvconfig-refresh-")).count();
    }
}
