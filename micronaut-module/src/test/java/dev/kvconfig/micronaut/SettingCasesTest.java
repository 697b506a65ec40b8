package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kvconfig.source.SettingCases;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input of {@link SettingCases} fails a Micronaut startup with the core's message for {@code keyvault.}. */
class SettingCasesTest {

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
