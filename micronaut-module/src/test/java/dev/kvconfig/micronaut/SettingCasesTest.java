package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.SettingCases;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the core's table binds through Micronaut's environment as the core reads it from a map, and every bad
 * input of {@link SettingCases} fails a Micronaut startup with the core's message for {@code keyvault.}.
 */
class SettingCasesTest {

    @Test
    void everySetting_throughTheEnvironment_readsAsTheCoreReadsIt() {
        Map<String, Object> p = new HashMap<>();
        SettingCases.everySetting().forEach((k, v) -> p.put(EnvironmentLookup.ROOT + k, v));
        try (ApplicationContext context = ApplicationContext.run(p)) {
            String read = String.join("\n", KeyVaultOptions.read(EnvironmentLookup.of(context.getEnvironment()),
                    EnvironmentLookup.ROOT).stream().map(KeyVaultOptions::toString).toList());

            assertThat(read).isEqualTo(SettingCases.everySettingOptions(EnvironmentLookup.ROOT));
        }
    }

    static List<SettingCases.Case> cases() {
        return SettingCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badInput_throughTheBootstrapContext_isTheCoresMessage(SettingCases.Case c) {
        Map<String, Object> p = new HashMap<>(c.under(EnvironmentLookup.ROOT));
        p.put("micronaut.config-client.enabled", "true");

        Throwable thrown = catchThrowable(() -> ApplicationContext.run(p).close());

        List<String> messages = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        assertThat(messages).contains(c.expected(EnvironmentLookup.ROOT));
    }
}
