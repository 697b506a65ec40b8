package dev.kvconfig.emulator;

import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official Azure SDK for JavaScript ({@code @azure/identity}, {@code @azure/keyvault-secrets}, {@code -keys},
 * {@code -certificates}, pinned in {@code src/test/js/package-lock.json}) against the emulator over HTTPS, configured
 * as docs/emulator.md tells a JavaScript user: client-secret login through the emulator's identity (with a registered
 * client whose secret is checked, and vaults that take only emulator tokens), the emulator's certificate in
 * {@code NODE_EXTRA_CA_CERTS}, and the challenge resource check off for the localhost URL. The checks are in
 * {@code src/test/js/check.mjs}; npm and node output is kept and shown only when the test fails.
 *
 * <p>Skipped, with the reason, where node or npm is not on the PATH.
 */
class EmulatorJavaScriptClientTest {
    private static final String CLIENT_ID = "kvconfig-js-check";
    private static final String CLIENT_SECRET = "js-check-secret";
    private static final String OBJECT_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final Path SOURCES = Path.of("src", "test", "js");
    private static final Path PROJECT = Path.of("target", "js-check");

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").requireEmulatorTokens(true).strictClients(true)
            .client(CLIENT_ID, CLIENT_SECRET, OBJECT_ID).seed("demo", Map.of("seeded", "from-java")));

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path directory, Map<String, String> environment, long timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        // read before waiting: a full pipe would block the child
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        try {
            return run(Path.of("."), Map.of(), 60, tool, "--version").exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The emulator's certificate as PEM, for NODE_EXTRA_CA_CERTS. */
    private static Path pem(KeyVaultEmulator emulator, Path file) throws Exception {
        KeyStore store = KeyStore.getInstance(emulator.trustStoreType());
        try (InputStream in = Files.newInputStream(emulator.trustStore())) {
            store.load(in, emulator.trustStorePassword().toCharArray());
        }
        List<String> blocks = new ArrayList<>();
        for (String alias : java.util.Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            blocks.add("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(file, String.join("", blocks));
    }

    /** Copies the project to target/ and installs the locked packages, unless that lock is installed already. */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(PROJECT);
        Path installedLock = PROJECT.resolve("node_modules").resolve(".kvconfig-installed-lock.json");
        boolean current = Files.exists(installedLock) && Files.mismatch(installedLock,
                SOURCES.resolve("package-lock.json")) == -1;
        for (String file : List.of("package.json", "package-lock.json", "check.mjs")) {
            Files.copy(SOURCES.resolve(file), PROJECT.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (current) {
            return;
        }
        Run npm = run(PROJECT, Map.of(), 600, "npm", "ci", "--no-audit", "--no-fund");
        assertThat(npm.exitCode()).as("npm ci in %s failed:%n%s", PROJECT.toAbsolutePath(), npm.output()).isZero();
        Files.copy(SOURCES.resolve("package-lock.json"), installedLock, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void javaScriptSdk_againstTheEmulator_passesEveryCheck(KeyVaultEmulator emulator) throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not on the PATH: the JavaScript SDK check"
                + " (src/test/js) is skipped; install Node.js 20+ to run it");
        install();
        Path certificate = pem(emulator, PROJECT.resolve("emulator-ca.pem").toAbsolutePath());

        Run node = run(PROJECT, Map.of(
                "KVCONFIG_VAULT_URL", emulator.vaultUrl("demo").toString(),
                "AZURE_AUTHORITY_HOST", emulator.authorityHost().toString(),
                "AZURE_TENANT_ID", emulator.tenantId(),
                "AZURE_CLIENT_ID", CLIENT_ID,
                "AZURE_CLIENT_SECRET", CLIENT_SECRET,
                "NODE_EXTRA_CA_CERTS", certificate.toString()), 300, "node", "check.mjs");

        assertThat(node.exitCode()).as("node check.mjs failed:%n%s", node.output()).isZero();
        assertThat(node.output()).as(node.output()).contains(
                "token from the emulator identity", "secrets set and get", "secrets list and versions",
                "secrets disable", "secrets delete and recover", "secrets purge",
                "certificate created with the default policy", "key encrypt and decrypt");
        // the calls reached the emulator's vault, and its certificate LRO was polled
        assertThat(emulator.stats().vault("demo").operations())
                .containsKeys("SetSecret", "PurgeDeletedSecret", "CreateCertificate", "GetCertificateOperation",
                        "Decrypt", "UnwrapKey");
    }
}
