package dev.kvconfig.quarkus.runtime.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.source.SettingCases;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The extension's config builder hands the core {@code quarkus.keyvault.*} as they are: every bad input of
 * {@link SettingCases} fails with the core's message for that root, as under SmallRye, Micronaut and Spring Boot.
 */
class SettingCasesTest {

    static List<SettingCases.Case> cases() {
        return SettingCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badInput_throughTheExtensionsConfigBuilder_isTheCoresMessage(SettingCases.Case c) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(c.under(KeyVaultConfigBuilder.ROOT), "bad-input", 250));
        assertThatThrownBy(() -> new KeyVaultConfigBuilder().configBuilder(builder).build())
                .hasMessage(c.expected(KeyVaultConfigBuilder.ROOT));
    }
}
