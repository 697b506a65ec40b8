package dev.kvconfig.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import java.io.IOException;
import java.security.KeyStore;
import java.util.Collections;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's rules, the direct API, ports and the state file. */
class KeyVaultEmulatorTest {

    @Test
    void vault_invalidName_isRejectedAtOnce() {
        assertThatThrownBy(() -> KeyVaultEmulator.builder().vault("ab"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ab'").hasMessageContaining("3-24");
        assertThatThrownBy(() -> KeyVaultEmulator.builder().vault("bad_name"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vault_twice_isIllegalState() {
        assertThatThrownBy(() -> KeyVaultEmulator.builder().vault("demo").vault("DEMO"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already added");
    }

    @Test
    void start_withoutVault_isIllegalState() {
        assertThatThrownBy(() -> KeyVaultEmulator.builder().start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("vault(");
    }

    @Test
    void start_seedForUnknownVault_isIllegalStateNamingVaults() {
        assertThatThrownBy(() -> KeyVaultEmulator.builder().vault("demo").seed("nope", Map.of("a", "b")).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope").hasMessageContaining("demo");
    }

    @Test
    void setters_badValues_areRejectedAtOnce() {
        KeyVaultEmulator.Builder b = KeyVaultEmulator.builder();
        assertThatThrownBy(() -> b.basePort(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basePort");
        assertThatThrownBy(() -> b.latency(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.tenantId("not-a-guid")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.hostName("bad host")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.seed("demo", Map.of("bad.name", "v"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.seed("demo", Path.of("/no/such.properties")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable file");
    }

    @Test
    void vaultUrl_unknownVault_namesKnownVaults() {
        try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").start()) {
            assertThatThrownBy(() -> e.vaultUrl("other")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("other").hasMessageContaining("[demo]");
            assertThat(e.vaultUrl("demo").toString()).matches("https://localhost:\\d+/");
            assertThat(e.adminUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(e.trustStore()).exists();
            assertThat(e.trustStoreType()).isEqualTo("PKCS12");
        }
    }

    @Test
    void createKey_direct_isServedToTheSdkWithTheTypesDefaults() {
        try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").start()) {
            String ecVersion = e.createKey("demo", "seeded-ec", "ec");
            e.createKey("demo", "seeded-rsa", "RSA");
            var keys = new com.azure.security.keyvault.keys.KeyClientBuilder().vaultUrl(e.vaultUrl("demo").toString())
                    .credential(e.credential()).httpClient(EmulatorClients.httpClient(e))
                    .disableChallengeResourceVerification().buildClient();
            var ec = keys.getKey("seeded-ec");
            assertThat(ec.getProperties().getVersion()).isEqualTo(ecVersion);
            assertThat(ec.getKey().getCurveName().toString()).isEqualTo("P-256");
            assertThat(new java.math.BigInteger(1, keys.getKey("seeded-rsa").getKey().getN()).bitLength())
                    .isEqualTo(2048);
            // Direct creation is not a request: only the SDK's reads (and its challenge, unless this JVM met the
            // port before) are counted.
            assertThat(e.stats().vault("demo").operations()).doesNotContainKey("CreateKey").containsKey("GetKey");
            assertThatThrownBy(() -> e.createKey("demo", "k", "oct")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'oct'");
            assertThatThrownBy(() -> e.createKey("demo", "bad_name", "EC"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void trustStore_holdsTheServerCertificateWithoutPasswordBasedProtection() throws Exception {
        try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("plain-trust").start()) {
            PKCS12PfxPdu pfx = new PKCS12PfxPdu(Files.readAllBytes(e.trustStore()));
            // No MAC and no encrypted bag: nothing for a client to derive a key for (two 10,000-round PBKDF2 before).
            assertThat(pfx.hasMac()).isFalse();
            assertThat(pfx.getContentInfos()).extracting(ContentInfo::getContentType)
                    .containsOnly(PKCSObjectIdentifiers.data);
            KeyStore store = KeyStore.getInstance(e.trustStoreType());
            try (var in = Files.newInputStream(e.trustStore())) {
                store.load(in, e.trustStorePassword().toCharArray());
            }
            assertThat(Collections.list(store.aliases())).singleElement()
                    .satisfies(alias -> assertThat(store.isCertificateEntry(alias)).isTrue());
            SecretClient sdk = EmulatorClients.secretClient(e, "plain-trust");
            sdk.setSecret("trusted", "over-the-written-trust-store");
            assertThat(sdk.getSecret("trusted").getValue()).isEqualTo("over-the-written-trust-store");
        }
    }

    @Test
    void close_isIdempotent_andDeletesTrustStore() {
        KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").start();
        Path trust = e.trustStore();
        e.close();
        e.close();
        assertThat(trust).doesNotExist();
    }

    @Test
    void basePort_givesConsecutivePorts_vaultsThenAdminThenIdentity() throws IOException {
        for (int attempt = 0; ; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = probe.getLocalPort();
            }
            if (base > 65000) {
                continue;
            }
            try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").vault("other").basePort(base).start()) {
                assertThat(e.vaultPort("demo")).isEqualTo(base);
                assertThat(e.vaultPort("other")).isEqualTo(base + 1);
                assertThat(e.adminUrl().getPort()).isEqualTo(base + 2);
                assertThat(e.authorityHost().getPort()).isEqualTo(base + 3);
                return;
            } catch (IllegalStateException portTaken) {
                if (attempt == 5) {
                    throw portTaken;
                }
            }
        }
    }

    @Test
    void directApi_setDisableDelete_isVisibleToTheSdkAndNotCounted() {
        try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").start()) {
            SecretClient client = EmulatorClients.secretClient(e, "demo");
            String version = e.setSecret("demo", "direct", "d1");

            assertThat(client.getSecret("direct").getProperties().getVersion()).isEqualTo(version);
            e.setSecretEnabled("demo", "direct", false);
            assertThat(client.listPropertiesOfSecrets().stream().filter(p -> p.getName().equals("direct"))
                    .findFirst().orElseThrow().isEnabled()).isFalse();
            e.deleteSecret("demo", "direct");
            assertThat(client.getDeletedSecret("direct").getName()).isEqualTo("direct");
            assertThatThrownBy(() -> e.setSecret("demo", "direct", "again")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> e.setSecret("demo", "bad_name", "x")).isInstanceOf(IllegalArgumentException.class);
            assertThat(e.stats().vault("demo").operations()).doesNotContainKey("SetSecret");
        }
    }

    @Test
    void stateFile_keepsSecretsAcrossRestarts(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state.json");
        try (KeyVaultEmulator first = KeyVaultEmulator.builder().vault("demo").stateFile(state).start()) {
            SecretClient client = EmulatorClients.secretClient(first, "demo");
            client.setSecret("kept", "v1");
            client.setSecret("kept", "v2");
            first.setSecret("demo", "gone", "x");
            first.deleteSecret("demo", "gone");
        }
        assertThat(Files.readString(state)).contains("kvconfig-emulator-state-v1");

        try (KeyVaultEmulator second = KeyVaultEmulator.builder().vault("demo").stateFile(state)
                .seed("demo", Map.of("seeded", "s")).start()) {
            SecretClient client = EmulatorClients.secretClient(second, "demo");
            assertThat(client.getSecret("kept").getValue()).isEqualTo("v2");
            assertThat(client.listPropertiesOfSecretVersions("kept").stream()).hasSize(2);
            assertThat(client.getDeletedSecret("gone").getName()).isEqualTo("gone");
            assertThatThrownBy(() -> client.getSecret("gone")).isInstanceOf(ResourceNotFoundException.class);
            assertThat(client.getSecret("seeded").getValue()).isEqualTo("s");
        }
    }

    @Test
    void stateFile_keepsKeysAcrossRestarts_sameMaterialSameVersions(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.json");
        byte[] x;
        String rsaVersion;
        try (KeyVaultEmulator first = KeyVaultEmulator.builder().vault("demo").stateFile(state).start()) {
            var keys = keyClient(first);
            x = keys.createEcKey(new com.azure.security.keyvault.keys.models.CreateEcKeyOptions("kept-ec")
                    .setCurveName(com.azure.security.keyvault.keys.models.KeyCurveName.P_384)
                    .setTags(Map.of("use", "jwt"))).getKey().getX();
            rsaVersion = first.createKey("demo", "kept-rsa", "rsa");
            first.createKey("demo", "gone-key", "ec");
            keys.beginDeleteKey("gone-key").waitForCompletion();
        }
        assertThat(Files.readString(state)).contains("\"kept-ec\"").contains("\"private\"");

        try (KeyVaultEmulator second = KeyVaultEmulator.builder().vault("demo").stateFile(state).start()) {
            var keys = keyClient(second);
            var ec = keys.getKey("kept-ec");
            assertThat(ec.getKey().getX()).isEqualTo(x);
            assertThat(ec.getProperties().getTags()).containsEntry("use", "jwt");
            assertThat(keys.getKey("kept-rsa").getProperties().getVersion()).isEqualTo(rsaVersion);
            assertThat(keys.getDeletedKey("gone-key").getName()).isEqualTo("gone-key");
            assertThatThrownBy(() -> keys.getKey("gone-key")).isInstanceOf(ResourceNotFoundException.class);
            // The private half came back too: the restored key still signs, and the signature verifies.
            var crypto = new com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder()
                    .keyIdentifier(ec.getId()).credential(second.credential())
                    .httpClient(EmulatorClients.httpClient(second)).disableChallengeResourceVerification().buildClient();
            byte[] digest = java.security.MessageDigest.getInstance("SHA-384").digest(new byte[] {1, 2, 3});
            var signed = crypto.sign(com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.ES384,
                    digest);
            assertThat(crypto.verify(com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.ES384,
                    digest, signed.getSignature()).isValid()).isTrue();
        }
    }

    @Test
    void seedKey_createsOnce_andARestartWithStateKeepsTheSameKey(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.json");
        String version;
        try (KeyVaultEmulator first = KeyVaultEmulator.builder().vault("demo").stateFile(state)
                .seedKey("demo", "seeded-key", "ec").start()) {
            version = keyClient(first).getKey("seeded-key").getProperties().getVersion();
        }
        try (KeyVaultEmulator second = KeyVaultEmulator.builder().vault("demo").stateFile(state)
                .seedKey("demo", "seeded-key", "ec").seedKey("demo", "other-key", "rsa").start()) {
            var keys = keyClient(second);
            assertThat(keys.getKey("seeded-key").getProperties().getVersion()).isEqualTo(version);
            assertThat(keys.listPropertiesOfKeyVersions("seeded-key").stream().count()).isEqualTo(1);
            assertThat(keys.getKey("other-key").getKeyType().toString()).isEqualTo("RSA");
        }
        assertThatThrownBy(() -> KeyVaultEmulator.builder().vault("demo").seedKey("demo", "k", "oct"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyVaultEmulator.builder().vault("demo").seedKey("nope", "k", "ec").start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope");
    }

    private static com.azure.security.keyvault.keys.KeyClient keyClient(KeyVaultEmulator e) {
        return new com.azure.security.keyvault.keys.KeyClientBuilder().vaultUrl(e.vaultUrl("demo").toString())
                .credential(e.credential()).httpClient(EmulatorClients.httpClient(e))
                .disableChallengeResourceVerification().buildClient();
    }

    @Test
    void stateFile_notAStateFile_failsStartNamingTheFile(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state.json");
        Files.writeString(state, "{\"something\":\"else\"}");
        assertThatThrownBy(() -> KeyVaultEmulator.builder().vault("demo").stateFile(state).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(state.toString());
    }

    @Test
    void seed_propertiesFile_mapsNamesAndRepeatedSeedAddsNoVersion(@TempDir Path dir) throws IOException {
        Path props = dir.resolve("s.properties");
        Files.writeString(props, "db.password=pw\napp_name=demo\n");
        try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").seed("demo", props)
                .seed("demo", props).start()) {
            SecretClient client = EmulatorClients.secretClient(e, "demo");
            assertThat(client.getSecret("db-password").getValue()).isEqualTo("pw");
            assertThat(client.getSecret("app-name").getValue()).isEqualTo("demo");
            assertThat(client.listPropertiesOfSecretVersions("db-password").stream()).hasSize(1);
        }
    }

    @Test
    void infoJson_hasTheDesignShape() {
        try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").start()) {
            assertThat(e.infoJson()).startsWith("{\"vaults\":{\"demo\":\"" + e.vaultUrl("demo") + "\"},\"trustStore\":")
                    .contains("\"trustStoreType\":\"PKCS12\"").contains("\"adminUrl\":\"" + e.adminUrl() + "\"")
                    .contains("\"tenantId\":\"" + e.tenantId() + "\"");
        }
    }
}
