package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input table of issue 3, one rule per test, each through a config build as an application does it. */
class BadInputTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(
            KeyVaultEmulator.builder().vault("demo").vault("other").seed("demo", Map.of("present", "bad-input-value-1")));

    private static final String TENANT = "11111111-2222-3333-4444-555555555555";

    private static Map<String, String> valid() {
        return new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
    }

    private static Throwable buildFailure(Map<String, String> settings) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> TestVaults.config(settings)).satisfies(t -> thrown[0] = t);
        return thrown[0];
    }

    @Test
    void url_malformed_isRejectedNamingKeyAndForm() {
        Map<String, String> s = valid();
        s.put("keyvault.url", "not a url");
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.url").hasMessageContaining("https://my-vault.vault.azure.net/");
    }

    @Test
    void url_withPath_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.url", "https://my-vault.vault.azure.net/secrets/x");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.url");
    }

    @Test
    void url_httpWithoutEmulatorType_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.url", "http://my-vault.vault.azure.net/");
        s.put("keyvault.credential.type", "default");
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.url").hasMessageContaining("http://")
                .hasMessageContaining("keyvault.credential.type=emulator");
    }

    @Test
    void url_absent_noSourceIsCreated() {
        SmallRyeConfig config = TestVaults.config(Map.of("app.name", "x"));
        assertThat(KeyVaultConfigSource.of(config)).isEmpty();
    }

    @Test
    void aliasUrl_absent_isRejectedNamingKey() {
        Map<String, String> s = valid();
        s.put("keyvault.vaults.payments.refresh.interval", "1m");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.vaults.payments.url");
    }

    @Test
    void credentialType_unknown_isRejectedListingTypes() {
        Map<String, String> s = valid();
        s.put("keyvault.credential.type", "password");
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.credential.type").hasMessageContaining("client-secret")
                .hasMessageContaining("workload-identity");
    }

    @Test
    void credentialType_clientSecretWithoutKeys_isRejectedNamingMissingKeys() {
        Map<String, String> s = valid();
        s.put("keyvault.credential.type", "client-secret");
        s.put("keyvault.credential.tenant-id", TENANT);
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credential.client-id")
                .hasMessageContaining("keyvault.credential.client-secret")
                .hasMessageNotContaining("keyvault.credential.tenant-id,");
    }

    @Test
    void credentialType_clientCertificateWithoutPath_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.credential.type", "client-certificate");
        s.put("keyvault.credential.tenant-id", TENANT);
        s.put("keyvault.credential.client-id", "c");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.credential.certificate-path");
    }

    @Test
    void tenantId_malformed_isRejectedNamingKeyAndForm() {
        Map<String, String> s = valid();
        s.put("keyvault.credential.tenant-id", "contoso tenant");
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.credential.tenant-id: 'contoso tenant' is not valid")
                .hasMessageContaining("GUID").hasMessageContaining("contoso.onmicrosoft.com");
    }

    @Test
    void aliasTenantId_malformed_isRejectedNamingAliasKey() {
        Map<String, String> s = valid();
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "other", "payments"));
        s.put("keyvault.vaults.payments.credential.tenant-id", "-not-a-tenant-");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.vaults.payments.credential.tenant-id");
    }

    @Test
    void certificatePath_missingFile_isRejectedNamingKey() {
        Map<String, String> s = clientCertificate();
        s.put("keyvault.credential.certificate-path", "/nonexistent/client.pem");
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credential.certificate-path: /nonexistent/client.pem does not exist")
                .hasMessageNotContaining("Self-suppression");
    }

    @Test
    void certificatePath_notAReadableFile_isRejectedNamingKey(@TempDir Path dir) {
        // A directory: the tests run as root here, for whom permission bits do not make a file unreadable.
        Map<String, String> s = clientCertificate();
        s.put("keyvault.credential.certificate-path", dir.toString());
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credential.certificate-path: " + dir.toAbsolutePath() + " is not a file");
    }

    @Test
    void workloadIdentity_withoutClientId_isRejectedNamingKeyAndVariable(@TempDir Path dir) throws IOException {
        assumeTrue(System.getenv("AZURE_CLIENT_ID") == null, "AZURE_CLIENT_ID is set in this environment");
        Map<String, String> s = workloadIdentity(dir);
        s.remove("keyvault.credential.client-id");
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credential.type=workload-identity needs "
                        + "[keyvault.credential.client-id (or AZURE_CLIENT_ID)]");
    }

    @Test
    void workloadIdentity_withoutTenantId_isRejectedNamingKeyAndVariable(@TempDir Path dir) throws IOException {
        assumeTrue(System.getenv("AZURE_TENANT_ID") == null, "AZURE_TENANT_ID is set in this environment");
        Map<String, String> s = workloadIdentity(dir);
        s.remove("keyvault.credential.tenant-id");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.credential.tenant-id (or AZURE_TENANT_ID)");
    }

    @Test
    void workloadIdentity_withoutTokenFile_isRejectedNamingKeyAndVariable(@TempDir Path dir) throws IOException {
        assumeTrue(System.getenv("AZURE_FEDERATED_TOKEN_FILE") == null, "AZURE_FEDERATED_TOKEN_FILE is set here");
        Map<String, String> s = workloadIdentity(dir);
        s.remove("keyvault.credential.token-file");
        assertThat(buildFailure(s))
                .hasMessageContaining("keyvault.credential.token-file (or AZURE_FEDERATED_TOKEN_FILE)");
    }

    @Test
    void workloadIdentity_tokenFileMissing_isRejectedNamingKey(@TempDir Path dir) throws IOException {
        Map<String, String> s = workloadIdentity(dir);
        s.put("keyvault.credential.token-file", dir.resolve("no-token").toString());
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credential.token-file: " + dir.resolve("no-token").toAbsolutePath()
                        + " does not exist");
    }

    @Test
    void workloadIdentity_variableTokenFileMissing_isRejectedNamingVariableAndKey(@TempDir Path dir)
            throws IOException {
        Map<String, String> s = workloadIdentity(dir);
        s.remove("keyvault.credential.token-file");
        // The Azure variables are read through the config first, so a property stands in for the environment here.
        s.put("AZURE_FEDERATED_TOKEN_FILE", dir.resolve("gone").toString());
        assertThat(buildFailure(s)).hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE (used as "
                + "keyvault.credential.token-file): " + dir.resolve("gone").toAbsolutePath() + " does not exist");
    }

    @Test
    void workloadIdentity_variableTenantIdMalformed_isRejectedNamingVariable(@TempDir Path dir) throws IOException {
        Map<String, String> s = workloadIdentity(dir);
        s.remove("keyvault.credential.tenant-id");
        s.put("AZURE_TENANT_ID", "not a tenant");
        assertThat(buildFailure(s)).hasMessageContaining("AZURE_TENANT_ID (used as keyvault.credential.tenant-id): "
                + "'not a tenant' is not valid");
    }

    @Test
    void alias_default_isRejectedAsTheMainVaultsName() {
        Map<String, String> s = valid();
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "other", "default"));
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.vaults.default: the alias 'default' is reserved")
                .hasMessageContaining("keyvault.url");
    }

    @Test
    void aliases_differingOnlyInCase_areRejectedNamingBoth() {
        Map<String, String> s = valid();
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "other", "pay"));
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "other", "PAY"));
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.vaults.PAY.* and keyvault.vaults.pay.*")
                .hasMessageContaining("case-insensitive");
        assertThat(refresherThreads(0)).isZero();
    }

    /** Complete client-certificate settings but for the certificate file. */
    private static Map<String, String> clientCertificate() {
        Map<String, String> s = valid();
        s.put("keyvault.url", "https://my-vault.vault.azure.net/");
        s.put("keyvault.credential.type", "client-certificate");
        s.put("keyvault.credential.tenant-id", TENANT);
        s.put("keyvault.credential.client-id", "orders-app");
        return s;
    }

    /** Complete workload-identity settings with a token file in {@code dir}. */
    private static Map<String, String> workloadIdentity(Path dir) throws IOException {
        Map<String, String> s = valid();
        s.put("keyvault.url", "https://my-vault.vault.azure.net/");
        s.put("keyvault.credential.type", "workload-identity");
        s.put("keyvault.credential.tenant-id", TENANT);
        s.put("keyvault.credential.client-id", "orders-workload");
        s.put("keyvault.credential.token-file", Files.writeString(dir.resolve("token"), "a.b.c").toString());
        return s;
    }

    @Test
    void refreshInterval_unparsable_isRejectedNamingKeyAndForm() {
        Map<String, String> s = valid();
        s.put("keyvault.refresh.interval", "soon");
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.refresh.interval").hasMessageContaining("'soon'")
                .hasMessageContaining("30s");
    }

    @Test
    void refreshInterval_negative_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.refresh.interval", "-5s");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.refresh.interval");
    }

    @Test
    void refreshInterval_bareNumber_isRejectedAskingForUnit() {
        Map<String, String> s = valid();
        s.put("keyvault.refresh.interval", "30");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.refresh.interval").hasMessageContaining("unit");
    }

    @Test
    void maxStaleness_belowInterval_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.refresh.interval", "10m");
        s.put("keyvault.refresh.max-staleness", "1m");
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.refresh.max-staleness").hasMessageContaining("keyvault.refresh.interval");
    }

    @Test
    void maxConcurrency_zero_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.max-concurrency", "0");
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.max-concurrency").hasMessageContaining("1 to 256");
    }

    @Test
    void maxConcurrency_notANumber_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.max-concurrency", "many");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.max-concurrency");
    }

    @Test
    void aliasSetting_invalid_namesAliasKey() {
        Map<String, String> s = valid();
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "other", "payments"));
        s.put("keyvault.vaults.payments.max-concurrency", "-1");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.vaults.payments.max-concurrency");
    }

    @Test
    void startupTimeout_zero_isRejectedNamingKeyAndForm() {
        Map<String, String> s = valid();
        s.put("keyvault.startup-timeout", "0");
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.startup-timeout").hasMessageContaining("positive duration");
    }

    @Test
    void startupTimeout_unparsable_isRejectedNamingKey() {
        Map<String, String> s = valid();
        s.put("keyvault.startup-timeout", "two minutes");
        assertThat(buildFailure(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.startup-timeout: 'two minutes' is not valid");
    }

    @Test
    void optional_notABoolean_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.optional", "maybe");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.optional").hasMessageContaining("true or false");
    }

    @Test
    void secretPrefix_invalidCharacters_isRejected() {
        Map<String, String> s = valid();
        s.put("keyvault.secret-prefix", "my_app.");
        assertThat(buildFailure(s)).hasMessageContaining("keyvault.secret-prefix");
    }

    @Test
    void trustStore_missingFile_isRejectedNamingKey() {
        Map<String, String> s = valid();
        s.put("keyvault.tls.trust-store", "/nonexistent/store.p12");
        assertThat(buildFailure(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.tls.trust-store").hasMessageContaining("/nonexistent/store.p12")
                .hasMessageNotContaining(EMULATOR.get().trustStorePassword());
    }

    @Test
    void reference_malformed_isRejectedShowingSyntax() {
        Map<String, String> s = valid();
        s.put("app.secret", "${keyvault::bad name!}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThatThrownBy(() -> config.getValue("app.secret", String.class))
                    .hasMessageContaining("${keyvault::[alias:]name[/version]}");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_unknownAlias_isRejectedNamingKnownAliases() {
        Map<String, String> s = valid();
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "other", "payments"));
        s.put("app.secret", "${keyvault::billing:api-key}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThatThrownBy(() -> config.getValue("app.secret", String.class))
                    .hasMessageContaining("'billing'").hasMessageContaining("payments")
                    .hasMessageContaining("keyvault.vaults.billing.url");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_missingSecret_isRejectedNamingSecretAndVault() throws InterruptedException {
        Map<String, String> s = valid();
        s.put("app.secret", "${keyvault::no-such-secret}");
        SmallRyeConfig config = TestVaults.config(s);
        // Caffeine logs each failed load with its stack trace (LocalAsyncCache, WARNING): kept out of the build log,
        // and checked to name no secret value.
        try (CapturedJulLog caffeine = new CapturedJulLog("com.github.benmanes.caffeine.cache.LocalAsyncCache")) {
            assertThatThrownBy(() -> config.getValue("app.secret", String.class))
                    .hasMessageContaining("no-such-secret").hasMessageContaining("does not exist")
                    .hasMessageContaining(EMULATOR.get().vaultUrl("demo").toString())
                    .hasMessageNotContaining("bad-input-value-1");
            assertThat(caffeine.records(java.time.Duration.ofSeconds(1))).allSatisfy(r -> assertThat(String.valueOf(r.getThrown()))
                    .doesNotContain("bad-input-value-1"));
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void vault_unreachableAtStartup_failsNamingUrlCauseAndOptional() {
        Map<String, String> s = valid();
        s.put("keyvault.url", "https://localhost:1/");
        s.put("keyvault.retry.max-retries", "0");
        Throwable t = buildFailure(s);
        assertThat(t).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("https://localhost:1/").hasMessageContaining("keyvault.optional=true");
        assertThat(t.getCause()).isNotNull();
        assertThat(refresherThreads(0)).isZero();
    }

    /**
     * The number of live refresher threads in this JVM once it has settled on {@code expected}, or the last count seen
     * after 10 s. The count is JVM-wide, so a thread of an earlier test that is still winding down on a loaded machine
     * must not fail this test; a thread that never ends still does.
     */
    static long refresherThreads(long expected) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        long count = countRefresherThreads();
        while (count != expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            count = countRefresherThreads();
        }
        return count;
    }

    private static long countRefresherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.isAlive() && th.getName().startsWith("kvconfig-refresh-")).count();
    }
}
