package dev.kvconfig.quarkus.deployment;

import dev.kvconfig.quarkus.runtime.config.KeyVaultBuildTimeConfig;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Dev Services without Docker: in dev and test mode, when {@code quarkus.keyvault.url} is not set, a Key Vault emulator
 * starts inside the JVM, seeded from {@code quarkus.keyvault.devservices.secrets.*} and/or
 * {@code quarkus.keyvault.devservices.secrets-file}, and the application gets its URL, trust store and
 * {@code credential.type=emulator}. Quarkus' registry owns the emulator: one per application and distinct Dev Services
 * settings, kept across dev-mode reloads and shared by the {@code @QuarkusTest} classes of a module.
 */
@BuildSteps(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
class DevServicesKeyVaultProcessor {

    private static final Logger LOG = Logger.getLogger(DevServicesKeyVaultProcessor.class);
    private static final String URL = "quarkus.keyvault.url";
    private static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z0-9-]{3,24}");

    @BuildStep
    void startEmulator(KeyVaultBuildTimeConfig config, BuildProducer<DevServicesResultBuildItem> devServices) {
        KeyVaultBuildTimeConfig.DevServicesConfig settings = config.devservices();
        if (!settings.enabled()) {
            LOG.debug("Dev Services for Azure Key Vault are off (quarkus.keyvault.devservices.enabled=false)");
            return;
        }
        if (ConfigUtils.isPropertyNonEmpty(URL)) {
            LOG.debugf("Dev Services for Azure Key Vault not started: %s is set", URL);
            return;
        }
        checkSettings(settings);
        String vault = settings.vaultName();
        devServices.produce(DevServicesResultBuildItem.<EmulatorDevService> owned()
                .feature(KeyVaultProcessor.FEATURE)
                .description("Azure Key Vault emulator in this JVM (vault " + vault + ")")
                .serviceConfig(identity(settings))
                .startable(() -> new EmulatorDevService(vault, settings.secrets(), settings.secretsFile(),
                        settings.port()))
                .config(Map.of("quarkus.keyvault.credential.type", "emulator"))
                .configProvider(Map.<String, Function<EmulatorDevService, String>> of(
                        URL, EmulatorDevService::vaultUrl,
                        "quarkus.keyvault.tls.trust-store", s -> s.emulator().trustStore().toString(),
                        "quarkus.keyvault.tls.trust-store-password", s -> s.emulator().trustStorePassword(),
                        "quarkus.keyvault.tls.trust-store-type", s -> s.emulator().trustStoreType()))
                .postStartHook(DevServicesKeyVaultProcessor::logStarted)
                .build());
    }

    private static void logStarted(EmulatorDevService service) {
        LOG.infof("Dev Services for Azure Key Vault: emulator vault '%s' runs in this JVM at %s (%d inline secret(s)%s); "
                + "the application reads it through %s with credential.type=emulator. "
                + "Set quarkus.keyvault.devservices.enabled=false or %s to turn this off",
                service.vault(), service.vaultUrl(), service.inlineSecrets(),
                service.secretsFile().map(f -> " + " + f).orElse(""), URL, URL);
    }

    private static void checkSettings(KeyVaultBuildTimeConfig.DevServicesConfig settings) {
        if (!VAULT_NAME.matcher(settings.vaultName()).matches()) {
            throw new ConfigurationException("quarkus.keyvault.devservices.vault-name: '" + settings.vaultName()
                    + "' is not valid; use 3-24 of [a-zA-Z0-9-]", Set.of("quarkus.keyvault.devservices.vault-name"));
        }
        settings.secretsFile().ifPresent(file -> {
            if (!Files.isReadable(file)) {
                throw new ConfigurationException("quarkus.keyvault.devservices.secrets-file: " + file.toAbsolutePath()
                        + " is not a readable file; fix the path (relative to " + System.getProperty("user.dir") + ")",
                        Set.of("quarkus.keyvault.devservices.secrets-file"));
            }
        });
    }

    /**
     * What makes one Dev Services vault differ from another: JDK types only, because the registry compares it with the
     * value of an earlier build made by another class loader. Seed values enter as a digest, so they are compared without
     * being held or printed.
     */
    private static Map<String, String> identity(KeyVaultBuildTimeConfig.DevServicesConfig settings) {
        Map<String, String> identity = new TreeMap<>();
        identity.put("vault-name", settings.vaultName());
        settings.port().ifPresent(p -> identity.put("port", Integer.toString(p)));
        settings.secretsFile().ifPresent(f -> {
            identity.put("secrets-file", f.toAbsolutePath().toString());
            try {
                identity.put("secrets-file-modified", Files.getLastModifiedTime(f).toString());
            } catch (java.io.IOException e) {
                identity.put("secrets-file-modified", "unknown");
            }
        });
        identity.put("secrets", digest(new TreeMap<>(settings.secrets())));
        return identity;
    }

    private static String digest(Map<String, String> secrets) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            secrets.forEach((name, value) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(value.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
