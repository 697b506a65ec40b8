package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/** Which key and certificate references a vault source watches for expiry, read from raw values. */
class ReferenceScanTest {

    private static ConfigSourceContext context(List<ConfigSource> sources) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                throw new AssertionError("values must be read raw from the sources, never expanded: " + name);
            }

            @Override
            public Iterator<String> iterateNames() {
                return Collections.emptyIterator();
            }

            @Override
            public List<ConfigSource> getConfigSources() {
                return sources;
            }
        };
    }

    @Test
    void find_keyAndCertificateReferences_byAliasVersionAndKind() {
        ConfigSource props = new PropertiesConfigSource(Map.of(
                "mp.jwt.verify.publickey", "${keyvault-key::JWT-Signing#pem}",
                "tls", "${keyvault-cert::pay:web-tls/0f3c51bd#expires-on} and ${keyvault-cert::web-tls}",
                "secret", "${keyvault::db-password}",
                "bad", "${keyvault-key::not a name}"), "test", 100);

        List<ReferenceScan.Found> found = ReferenceScan.find(context(List.of(props)));

        assertThat(ReferenceScan.forAlias(found, ReferenceHandler.MAIN)).containsExactlyInAnyOrder(
                new ExpiryWatch.Watched(ExpiringItem.Kind.KEY, "jwt-signing", null),
                new ExpiryWatch.Watched(ExpiringItem.Kind.CERTIFICATE, "web-tls", null));
        assertThat(ReferenceScan.forAlias(found, "pay")).containsExactly(
                new ExpiryWatch.Watched(ExpiringItem.Kind.CERTIFICATE, "web-tls", "0f3c51bd"));
    }

    @Test
    void find_contextWithoutSources_watchesNothingAndExpandsNothing() {
        ConfigSourceContext noSources = new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                throw new AssertionError("must not expand " + name);
            }

            @Override
            public Iterator<String> iterateNames() {
                return Collections.emptyIterator();
            }
        };

        assertThat(ReferenceScan.find(noSources)).isEmpty();
    }

    @Test
    void find_sourceThatCannotListItsNames_logsOnceWhatIsNotWatched() {
        ConfigSource broken = new PropertiesConfigSource(Map.of(), "broken-source", 100) {
            @Override
            public java.util.Set<String> getPropertyNames() {
                throw new IllegalStateException("cannot list");
            }
        };
        ConfigSource props = new PropertiesConfigSource(Map.of("k", "${keyvault-key::jwt-signing}"), "test", 100);

        try (TestItems.LogCapture log = new TestItems.LogCapture()) {
            List<ReferenceScan.Found> found = ReferenceScan.find(context(List.of(broken, props)));

            assertThat(found).hasSize(1);
            assertThat(log.warnings()).singleElement().satisfies(w -> assertThat(w).contains("broken-source")
                    .contains("cannot list").contains("expiry of the keys and certificates it references is not watched"));
        }
    }
}
