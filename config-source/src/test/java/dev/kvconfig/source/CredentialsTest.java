package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credential types end to end against the emulator's token endpoints, with a vault that accepts only emulator-signed
 * tokens and the SDK's challenge resource check on: the vault is reached as {@code demo.vault.azure.net:<port>}, which
 * resolves to 127.0.0.1 through surefire's {@code jdk.net.hosts.file}.
 */
class CredentialsTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").requireEmulatorTokens(true).seed("demo", Map.of("db-password", "credential-value-7c1d")));

    private static Map<String, String> settings(KeyVaultEmulator emulator, String type) {
        Map<String, String> s = new HashMap<>(TestVaults.settings(emulator, "demo"));
        s.put("keyvault.url", "https://demo.vault.azure.net:" + emulator.vaultPort("demo") + "/");
        s.put("keyvault.credential.type", type);
        s.put("keyvault.credential.authority-host", emulator.authorityHost().toString());
        s.put("keyvault.credential.tenant-id", emulator.tenantId());
        return s;
    }

    @Test
    void clientSecret_emulatorTokenEndpoint_loadsSecrets() {
        Map<String, String> s = settings(EMULATOR.get(), "client-secret");
        s.put("keyvault.credential.client-id", "orders-app");
        s.put("keyvault.credential.client-secret", "orders-app-client-secret");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("credential-value-7c1d");
            assertThat(TestVaults.source(config).options().toString()).doesNotContain("orders-app-client-secret");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void workloadIdentity_tokenFile_loadsSecrets(@TempDir Path dir) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"), serviceAccountToken());
        Map<String, String> s = settings(EMULATOR.get(), "workload-identity");
        s.put("keyvault.credential.client-id", "orders-workload");
        s.put("keyvault.credential.token-file", tokenFile.toString());
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("credential-value-7c1d");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void workloadIdentity_azureVariablesInsteadOfKeys_loadSecrets(@TempDir Path dir) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"), serviceAccountToken());
        Map<String, String> s = settings(EMULATOR.get(), "workload-identity");
        s.remove("keyvault.credential.tenant-id");
        // What the workload identity webhook injects; read through the config first, then the process environment.
        s.put("AZURE_TENANT_ID", EMULATOR.get().tenantId());
        s.put("AZURE_CLIENT_ID", "orders-workload");
        s.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("credential-value-7c1d");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void clientCertificate_pemFile_loadsSecrets(@TempDir Path dir) throws Exception {
        Map<String, String> s = settings(EMULATOR.get(), "client-certificate");
        s.put("keyvault.credential.client-id", "orders-cert-app");
        s.put("keyvault.credential.certificate-path", selfSignedPem(dir.resolve("client.pem")).toString());
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("credential-value-7c1d");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    /** A projected service account token as Kubernetes writes it; the emulator checks its form, not its signature. */
    private static String serviceAccountToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes())
                + "." + b64.encodeToString(("{\"iss\":\"https://oidc.example\",\"sub\":\"system:serviceaccount:"
                + "default:orders\",\"aud\":\"api://AzureADTokenExchange\"}").getBytes()) + ".c2lnbmF0dXJl";
    }

    /** A throwaway RSA key and self-signed certificate in one PEM file, as ClientCertificateCredential reads it. */
    private static Path selfSignedPem(Path file) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=orders-cert-app");
        Instant now = Instant.now();
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String text = "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(file, text);
    }

    @Test
    void managedIdentity_appServiceEndpoint_loadsSecrets(@TempDir Path dir) throws Exception {
        Map<String, String> s = settings(EMULATOR.get(), "managed-identity");
        s.remove("keyvault.credential.authority-host");
        s.remove("keyvault.credential.tenant-id");
        Path file = dir.resolve("settings.properties");
        Properties p = new Properties();
        p.putAll(s);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"),
                CredentialProbe.class.getName(), file.toString(), "db.password", "credential-value-7c1d"))
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        List.of("MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT", "IDENTITY_SERVER_THUMBPRINT", "AZURE_CLIENT_ID",
                "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE").forEach(env::remove);
        // MSAL4J reads these two from the process environment only: hence the child JVM.
        env.put("IDENTITY_ENDPOINT", EMULATOR.get().authorityHost() + "msi/token");
        env.put("IDENTITY_HEADER", "emulator");

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("MATCH").doesNotContain("credential-value-7c1d");
    }

    @Test
    void clientSecret_localhostUrl_failsTheChallengeResourceCheck() {
        // Only credential.type=emulator turns the check off; on localhost the challenge's resource cannot match.
        Map<String, String> s = settings(EMULATOR.get(), "client-secret");
        s.put("keyvault.url", EMULATOR.get().vaultUrl("demo").toString());
        s.put("keyvault.credential.client-id", "orders-app");
        s.put("keyvault.credential.client-secret", "orders-app-client-secret");
        assertThatThrownBy(() -> TestVaults.config(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EMULATOR.get().vaultUrl("demo").toString())
                .hasMessageNotContaining("orders-app-client-secret");
        assertThat(BadInputTest.refresherThreads(0)).isZero();
    }

    @Test
    void emulatorType_signedStaticToken_loadsSecrets() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("keyvault.credential.token", EMULATOR.get().issueToken("22222222-3333-4444-5555-666666666666"));
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("credential-value-7c1d");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void azureEnvironment_perCredentialType_copiesOnlyThePasswordsItsSdkCredentialReads() {
        List<String> passwords = List.of("AZURE_CLIENT_SECRET", "AZURE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
                "MSI_SECRET", "IDENTITY_HEADER");
        assertThat(variablesRead(KeyVaultOptions.CredentialType.CLIENT_SECRET)).isNotEmpty()
                .doesNotContainAnyElementsOf(passwords);
        assertThat(variablesRead(KeyVaultOptions.CredentialType.EMULATOR)).isEmpty();
        assertThat(variablesRead(KeyVaultOptions.CredentialType.MANAGED_IDENTITY))
                .contains("MSI_SECRET", "IDENTITY_HEADER")
                .doesNotContain("AZURE_CLIENT_SECRET", "AZURE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD");
        assertThat(variablesRead(KeyVaultOptions.CredentialType.DEFAULT)).containsAll(passwords);
    }

    /** Which variables building the credential of this type looks up in the Azure environment. */
    private static java.util.Set<String> variablesRead(KeyVaultOptions.CredentialType type) {
        java.util.Set<String> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
        KeyVaultOptions.Builder b = KeyVaultOptions.builder()
                .vaultUrl(EMULATOR.get().vaultUrl("demo").toString())
                .credentialType(type)
                .trustStore(EMULATOR.get().trustStore()).trustStoreType(EMULATOR.get().trustStoreType())
                .trustStorePassword(EMULATOR.get().trustStorePassword()::toCharArray)
                .azureEnvironment(name -> {
                    read.add(name);
                    return java.util.Optional.empty();
                });
        if (type == KeyVaultOptions.CredentialType.CLIENT_SECRET) {
            b.tenantId("11111111-2222-3333-4444-555555555555").clientId("orders-app")
                    .clientSecret(() -> "orders-app-client-secret");
        }
        try (VaultAccess access = VaultAccess.open(b.build())) {
            return read;
        }
    }
}
