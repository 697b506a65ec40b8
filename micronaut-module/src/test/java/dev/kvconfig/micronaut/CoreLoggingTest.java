package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The core logs through System.Logger; in a Micronaut application its lines arrive through SLF4J (here logback). */
class CoreLoggingTest {

    @Test
    void coreStartupLine_inAMicronautApp_isLoggedThroughSlf4jWithoutValues() {
        Logger core = (Logger) LoggerFactory.getLogger(CoreLogging.CORE_LOGGER);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        core.addAppender(captured);
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("logged")
                .seed("logged", Map.of("greeting", "logged-secret-value-1", "motd", "logged-secret-value-2")).start();
                ApplicationContext context = ApplicationContext.run(
                        new java.util.HashMap<String, Object>(KeyVaultTestProperties.of(emulator, "logged")))) {
            assertThat(context.getProperty("greeting", String.class)).contains("logged-secret-value-1");
            assertThat(captured.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.INFO);
                assertThat(e.getLoggerName()).isEqualTo("dev.kvconfig.source");
                assertThat(e.getFormattedMessage()).contains("kvconfig: loaded 2 secrets", "(vault default)");
            });
            assertThat(captured.list).allSatisfy(e ->
                    assertThat(e.getFormattedMessage()).doesNotContain("logged-secret-value"));
        } finally {
            core.detachAppender(captured);
        }
    }
}
