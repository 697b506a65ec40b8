package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.SettingCases;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.ConfigDataResource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Every bad input of {@link SettingCases} fails the resolution of a {@code keyvault:} import, over Spring's binder, with
 * the core's message for {@code keyvault.} (a whole startup reports the same exception; {@link BadInputTest} shows Boot's
 * report for some of them, without printing ten more failure reports here).
 */
class SettingCasesTest {

    /** Every row of the core's table binds through Spring's binder as the core reads it from a map. */
    @Test
    void everySetting_throughTheBinder_readsAsTheCoreReadsIt() {
        Map<String, String> p = new HashMap<>();
        SettingCases.everySetting().forEach((k, v) -> p.put(BinderLookup.ROOT + k, v));
        Binder binder = new Binder(new MapConfigurationPropertySource(p));

        String read = String.join("\n", KeyVaultOptions.read(BinderLookup.of(binder), BinderLookup.ROOT).stream()
                .map(KeyVaultOptions::toString).toList());

        assertThat(read).isEqualTo(SettingCases.everySettingOptions(BinderLookup.ROOT));
    }

    static List<SettingCases.Case> cases() {
        return SettingCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badInput_throughTheImportsResolver_isTheCoresMessage(SettingCases.Case c) {
        Binder binder = new Binder(new MapConfigurationPropertySource(c.under(BinderLookup.ROOT)));
        // A proxy, not an anonymous class: the bootstrap context's type differs between Boot 3 and Boot 4, and this
        // suite runs on both; the resolver asks only for the binder and the parent.
        ConfigDataLocationResolverContext context = (ConfigDataLocationResolverContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConfigDataLocationResolverContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBinder" -> binder;
                    case "getParent" -> null;
                    case "toString" -> "a resolver context over a binder";
                    default -> throw new UnsupportedOperationException(method.getName() + " is not used by the "
                            + "resolver");
                });
        KeyVaultConfigDataLocationResolver resolver = new KeyVaultConfigDataLocationResolver(
                destination -> LogFactory.getLog(KeyVaultConfigDataLocationResolver.class));

        assertThatThrownBy(() -> resolver.resolve(context, ConfigDataLocation.of("keyvault:")))
                .isInstanceOf(KeyVaultConfigException.class)
                .cause().hasMessage(c.expected(BinderLookup.ROOT));
    }
}
