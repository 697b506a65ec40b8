package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code keyvault.expiry-warning}: expiring secrets, keys and certificates in the status and the log. */
class ExpiryTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo");

    /** One secret, key and certificate expiring in 10 days and one of each in 60 days. */
    @BeforeAll
    static void seed() {
        OffsetDateTime now = OffsetDateTime.now();
        SecretClient secrets = TestVaults.sdk(EMULATOR.get(), "demo");
        KeyVaultSecret soon = new KeyVaultSecret("secret-soon", "SEEDED-VALUE-soon");
        soon.getProperties().setExpiresOn(now.plusDays(10));
        secrets.setSecret(soon);
        KeyVaultSecret later = new KeyVaultSecret("secret-later", "SEEDED-VALUE-later");
        later.getProperties().setExpiresOn(now.plusDays(60));
        secrets.setSecret(later);
        KeyClient keys = TestItems.keys(EMULATOR.get(), "demo");
        keys.createRsaKey(new CreateRsaKeyOptions("key-soon").setExpiresOn(now.plusDays(10)));
        keys.createRsaKey(new CreateRsaKeyOptions("key-later").setExpiresOn(now.plusDays(60)));
        importCertificate("cert-soon", Duration.ofDays(10));
        importCertificate("cert-later", Duration.ofDays(60));
    }

    private static void importCertificate(String name, Duration validity) {
        TestItems.TestCertificate cert = TestItems.TestCertificate.issue(name + ".example.com", "EC", validity);
        TestItems.certificates(EMULATOR.get(), "demo").importCertificate(new ImportCertificateOptions(name,
                cert.pem().getBytes(StandardCharsets.US_ASCII)).setPolicy(new CertificatePolicy("Unknown",
                        "CN=" + name + ".example.com").setContentType(CertificateContentType.PEM)));
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("app.key-soon", "${keyvault-key::key-soon}");
        s.put("app.key-later", "${keyvault-key::key-later#jwk}");
        s.put("app.tls", "${keyvault-cert::cert-soon} and ${keyvault-cert::cert-later#expires-on}");
        return s;
    }

    @Test
    void expiryWarning_itemsIn10And60Days_onlyThe10DayItemsAreListedAndWarnedOnce() throws Exception {
        try (TestItems.LogCapture log = new TestItems.LogCapture()) {
            SmallRyeConfig config = TestVaults.config(settings());
            try {
                VaultStatus status = TestVaults.source(config).status();

                assertThat(status.expiring()).extracting(ExpiringItem::kind, ExpiringItem::name)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple(ExpiringItem.Kind.SECRET, "secret-soon"),
                                org.assertj.core.groups.Tuple.tuple(ExpiringItem.Kind.KEY, "key-soon"),
                                org.assertj.core.groups.Tuple.tuple(ExpiringItem.Kind.CERTIFICATE, "cert-soon"));
                assertThat(log.warnings()).filteredOn(w -> w.contains("within keyvault.expiry-warning"))
                        .hasSize(3)
                        .anySatisfy(w -> assertThat(w).contains("secret 'secret-soon'"))
                        .anySatisfy(w -> assertThat(w).contains("key 'key-soon'"))
                        .anySatisfy(w -> assertThat(w).contains("certificate 'cert-soon'"))
                        .noneSatisfy(w -> assertThat(w).contains("later"))
                        .noneSatisfy(w -> assertThat(w).contains("SEEDED-VALUE"));

                VaultStatus afterRefresh = TestVaults.source(config).refreshNow().get();

                assertThat(log.warnings()).filteredOn(w -> w.contains("within keyvault.expiry-warning")).hasSize(3);
                assertThat(afterRefresh.expiring()).hasSize(3);
            } finally {
                KeyVaultConfigSource.closeAll(config);
            }
        }
    }

    @Test
    void expiryWarning_keyRotatedToLaterExpiry_leavesTheListAfterRefresh() throws Exception {
        KeyClient keys = TestItems.keys(EMULATOR.get(), "demo");
        keys.createRsaKey(new CreateRsaKeyOptions("key-rotated").setExpiresOn(OffsetDateTime.now().plusDays(5)));
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("app.rotated", "${keyvault-key::key-rotated}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(TestVaults.source(config).status().expiring()).extracting(ExpiringItem::name)
                    .contains("key-rotated");

            keys.createRsaKey(new CreateRsaKeyOptions("key-rotated").setExpiresOn(OffsetDateTime.now().plusDays(365)));
            VaultStatus after = TestVaults.source(config).refreshNow().get();

            assertThat(after.expiring()).extracting(ExpiringItem::name).doesNotContain("key-rotated");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void expiryWarning_keyDeleted_leavesTheListAfterRefresh() throws Exception {
        KeyClient keys = TestItems.keys(EMULATOR.get(), "demo");
        keys.createRsaKey(new CreateRsaKeyOptions("key-deleted").setExpiresOn(OffsetDateTime.now().plusDays(5)));
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("app.deleted", "${keyvault-key::key-deleted}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(TestVaults.source(config).status().expiring()).extracting(ExpiringItem::name)
                    .contains("key-deleted");

            keys.beginDeleteKey("key-deleted").waitForCompletion(Duration.ofSeconds(30));
            VaultStatus after = TestVaults.source(config).refreshNow().get();

            assertThat(after.expiring()).extracting(ExpiringItem::name).doesNotContain("key-deleted");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void expiryWarning_window90Days_listsThe60DayItemsToo() {
        Map<String, String> s = settings();
        s.put("keyvault.expiry-warning", "90d");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(TestVaults.source(config).status().expiring()).extracting(ExpiringItem::name)
                    .containsExactlyInAnyOrder("secret-soon", "key-soon", "cert-soon", "secret-later", "key-later",
                            "cert-later");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void expiryWarning_negative_isRejectedNamingTheKey() {
        assertThatThrownBy(() -> KeyVaultOptions.builder("pay").expiryWarning(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.vaults.pay.expiry-warning");
    }

    @Test
    void expiryWarning_malformedText_isRejectedNamingKeyAndForm() {
        Map<String, String> s = settings();
        s.put("keyvault.expiry-warning", "a month");

        assertThatThrownBy(() -> TestVaults.config(s))
                .hasMessageContaining("keyvault.expiry-warning: 'a month' is not valid")
                .hasMessageContaining("30s");
    }

    @Test
    void expiryWarning_default_isThirtyDays() {
        assertThat(KeyVaultOptions.builder().vaultUrl("https://kv.vault.azure.net/").build().expiryWarning())
                .isEqualTo(Duration.ofDays(30)).isEqualTo(KeyVaultOptions.DEFAULT_EXPIRY_WARNING);
    }

    @Test
    void expiryWarning_zero_listsNothingAndSendsNoMetadataRequest() {
        Map<String, String> s = settings();
        s.put("keyvault.expiry-warning", "0");
        // The reference handlers would fetch the referenced keys and certificates at startup; only the watch counts here.
        s.put("smallrye.config.secret-handlers", "none");
        EMULATOR.get().resetStats();
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(TestVaults.count(EMULATOR.get(), "demo", "GetKey")).isZero();
            assertThat(TestVaults.count(EMULATOR.get(), "demo", "GetCertificate")).isZero();
            assertThat(TestVaults.source(config).status().expiring()).isEmpty();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void update_keyMetadataUnreadable_warnsOnceThenSaysWatchedAgain() {
        KeyVaultOptions options = KeyVaultOptions.builder()
                .vaultUrl(EMULATOR.get().vaultUrl("demo").toString())
                .credentialType(KeyVaultOptions.CredentialType.EMULATOR)
                .trustStore(EMULATOR.get().trustStore()).trustStoreType(EMULATOR.get().trustStoreType())
                .trustStorePassword(EMULATOR.get().trustStorePassword()::toCharArray)
                .maxRetries(0)
                .build();
        ExpiryWatch.Watched key = new ExpiryWatch.Watched(ExpiringItem.Kind.KEY, "key-soon", null);
        try (VaultAccess access = VaultAccess.open(options);
                TestItems.LogCapture log = new TestItems.LogCapture()) {
            ExpiryWatch watch = new ExpiryWatch(options, access, java.util.List.of(key), java.time.Clock.systemUTC());
            watch.update(Snapshot.EMPTY);
            EMULATOR.get().faults(TestVaults.OUTAGE);
            try {
                watch.update(Snapshot.EMPTY);
                watch.update(Snapshot.EMPTY);
            } finally {
                EMULATOR.get().clearFaults();
            }

            assertThat(log.warnings()).filteredOn(w -> w.contains("could not be read")).singleElement()
                    .satisfies(w -> assertThat(w).contains("key 'key-soon'").contains("is not watched"));
            // What was known is kept while unreadable.
            assertThat(watch.expiring(java.time.Instant.now())).extracting(ExpiringItem::name).contains("key-soon");

            watch.update(Snapshot.EMPTY);
            assertThat(log.infos()).anySatisfy(i -> assertThat(i).contains("key 'key-soon'").contains("watched again"));
        }
    }
}
