package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link VaultStatus#healthDetails()}: the details every adapter's health endpoint shows. */
class VaultStatusTest {

    private static final URI URL = URI.create("https://demo.vault.azure.net/");

    @Test
    void healthDetails_neverLoaded_omitsTheOptionalEntries() {
        VaultStatus s = new VaultStatus("default", URL, VaultStatus.State.DOWN, Optional.empty(), 3, Duration.ZERO,
                Duration.ofHours(1), 0, Optional.empty(), Optional.of("list: HTTP 503"));

        assertThat(s.healthDetails()).containsExactly(
                org.assertj.core.api.Assertions.entry("url", "https://demo.vault.azure.net/"),
                org.assertj.core.api.Assertions.entry("state", "DOWN"),
                org.assertj.core.api.Assertions.entry("secrets", 0),
                org.assertj.core.api.Assertions.entry("consecutive-failures", 3),
                org.assertj.core.api.Assertions.entry("staleness", "PT0S"),
                org.assertj.core.api.Assertions.entry("max-staleness", "PT1H"),
                org.assertj.core.api.Assertions.entry("last-failure", "list: HTTP 503"));
    }

    @Test
    void healthDetails_expiringItems_listKindNameAndDateInOrderAndAreUnmodifiable() {
        Instant loaded = Instant.parse("2026-12-03T10:00:00Z");
        Instant soon = Instant.parse("2026-12-10T00:00:00Z");
        VaultStatus s = new VaultStatus("pay", URL, VaultStatus.State.UP, Optional.of(loaded), 0,
                Duration.ofSeconds(5), Duration.ofHours(1), 2, Optional.of(soon), Optional.empty(), List.of(
                        new ExpiringItem(ExpiringItem.Kind.SECRET, "db-password", "v1", soon),
                        new ExpiringItem(ExpiringItem.Kind.CERTIFICATE, "web", "v2",
                                Instant.parse("2026-12-20T00:00:00Z"))));

        assertThat(s.healthDetails()).containsKeys("last-refresh", "soonest-expiry")
                .doesNotContainKey("last-failure")
                .containsEntry("expiring", List.of("secret db-password 2026-12-10T00:00:00Z",
                        "certificate web 2026-12-20T00:00:00Z"));
        assertThat(s.healthDetails().keySet()).containsExactly("url", "state", "secrets", "last-refresh",
                "consecutive-failures", "staleness", "max-staleness", "soonest-expiry", "expiring");
        assertThatThrownBy(() -> s.healthDetails().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
