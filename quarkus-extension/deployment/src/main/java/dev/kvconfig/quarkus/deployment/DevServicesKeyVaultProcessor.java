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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Dev Services without Docker: in dev and test mode, a Key Vault emulator starts inside the JVM for the main vault when
 * {@code quarkus.keyvault.url} is not set (seeded from {@code quarkus.keyvault.devservices.secrets.*} and/or
 * {@code secrets-file}), and for each named vault declared under {@code quarkus.keyvault.devservices.vaults."alias".*}
 * whose {@code quarkus.keyvault.vaults."alias".url} is not set; the application gets their URLs, the trust store and
 * {@code credential.type=emulator}. Quarkus' registry owns the emulator: one per application and distinct Dev Services
 * settings, kept across dev-mode reloads and shared by the {@code @QuarkusTest} classes of a module.
 */
@BuildSteps(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
class DevServicesKeyVaultProcessor {

    private static final Logger LOG = Logger.getLogger(DevServicesKeyVaultProcessor.class);
    private static final String PREFIX = "quarkus.keyvault.";
    private static final String URL = PREFIX + "url";
    private static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z0-9-]{3,24}");

    @BuildStep
    void startEmulator(KeyVaultBuildTimeConfig config, BuildProducer<DevServicesResultBuildItem> devServices) {
        KeyVaultBuildTimeConfig.DevServicesConfig settings = config.devservices();
        if (!settings.enabled()) {
            LOG.debug("Dev Services for Azure Key Vault are off (quarkus.keyvault.devservices.enabled=false)");
            return;
        }
        Map<String, EmulatorDevService.Vault> vaults = new LinkedHashMap<>();
        if (ConfigUtils.isPropertyNonEmpty(URL)) {
            LOG.debugf("Dev Services for Azure Key Vault: the main vault is not emulated, %s is set", URL);
        } else {
            checkMain(settings);
            vaults.put(EmulatorDevService.MAIN, new EmulatorDevService.Vault(settings.vaultName(), settings.secrets(),
                    settings.secretsFile(), checkKeys("quarkus.keyvault.devservices.keys", settings.keys())));
        }
        new TreeMap<>(settings.vaults()).forEach((alias, named) -> {
            if (ConfigUtils.isPropertyNonEmpty(prefix(alias) + "url")) {
                LOG.debugf("Dev Services for Azure Key Vault: vault %s is not emulated, %surl is set", alias,
                        prefix(alias));
            } else {
                vaults.put(alias, namedVault(alias, named, vaults));
            }
        });
        if (vaults.isEmpty()) {
            return;
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        Map<String, Function<EmulatorDevService, String>> provided = new LinkedHashMap<>();
        for (String alias : vaults.keySet()) {
            String p = prefix(alias);
            fixed.put(p + "credential.type", "emulator");
            provided.put(p + "url", s -> s.vaultUrl(alias));
            provided.put(p + "tls.trust-store", s -> s.emulator().trustStore().toString());
            provided.put(p + "tls.trust-store-password", s -> s.emulator().trustStorePassword());
            provided.put(p + "tls.trust-store-type", s -> s.emulator().trustStoreType());
        }
        devServices.produce(DevServicesResultBuildItem.<EmulatorDevService> owned()
                .feature(KeyVaultProcessor.FEATURE)
                .description("Azure Key Vault emulator in this JVM (vaults "
                        + vaults.values().stream().map(EmulatorDevService.Vault::name).toList() + ")")
                .serviceConfig(identity(settings, vaults))
                .startable(() -> new EmulatorDevService(vaults, settings.port()))
                .config(fixed)
                .configProvider(provided)
                .postStartHook(DevServicesKeyVaultProcessor::logStarted)
                .build());
    }

    /** {@code quarkus.keyvault.} for the main vault, {@code quarkus.keyvault.vaults.<alias>.} for a named one. */
    private static String prefix(String alias) {
        return alias.equals(EmulatorDevService.MAIN) ? PREFIX : PREFIX + "vaults." + alias + ".";
    }

    private static void logStarted(EmulatorDevService service) {
        LOG.infof("Dev Services for Azure Key Vault: the emulator runs in this JVM with vault %s; the application reads "
                + "it with credential.type=emulator. Set quarkus.keyvault.devservices.enabled=false, or the vault's url, "
                + "to turn this off", String.join(", vault ", service.describe()));
    }

    private static void checkMain(KeyVaultBuildTimeConfig.DevServicesConfig settings) {
        if (!VAULT_NAME.matcher(settings.vaultName()).matches()) {
            throw new ConfigurationException("quarkus.keyvault.devservices.vault-name: '" + settings.vaultName()
                    + "' is not valid; use 3-24 of [a-zA-Z0-9-]", Set.of("quarkus.keyvault.devservices.vault-name"));
        }
        checkFile("quarkus.keyvault.devservices.secrets-file", settings.secretsFile());
    }

    /** Emulated as {@code dev-<alias>} ({@code _} becomes {@code -}, cut to Key Vault's 24 characters). */
    private static EmulatorDevService.Vault namedVault(String alias, KeyVaultBuildTimeConfig.NamedVaultConfig named,
            Map<String, EmulatorDevService.Vault> earlier) {
        String key = "quarkus.keyvault.devservices.vaults." + alias;
        String name = ("dev-" + alias.replace('_', '-'));
        name = name.substring(0, Math.min(24, name.length()));
        for (EmulatorDevService.Vault v : earlier.values()) {
            if (v.name().equalsIgnoreCase(name)) {
                throw new ConfigurationException(key + ": its emulated vault would be named '" + name + "', like another "
                        + "Dev Services vault; use aliases that differ in their first 20 characters (other than _ and -)"
                        + " or change quarkus.keyvault.devservices.vault-name", Set.of(key + ".secrets"));
            }
        }
        checkFile(key + ".secrets-file", named.secretsFile());
        return new EmulatorDevService.Vault(name, named.secrets(), named.secretsFile(),
                checkKeys(key + ".keys", named.keys()));
    }

    /** Key names and types checked at build time, so a typo fails with the key rather than when the emulator starts. */
    private static Map<String, String> checkKeys(String key, Map<String, String> keys) {
        keys.forEach((name, type) -> {
            if (!name.matches("[0-9a-zA-Z-]{1,127}")) {
                throw new ConfigurationException(key + ".\"" + name + "\": not a valid key name; use 1-127 letters, "
                        + "digits and '-'", Set.of(key));
            }
            if (!type.equalsIgnoreCase("rsa") && !type.equalsIgnoreCase("ec")) {
                throw new ConfigurationException(key + ".\"" + name + "\": '" + type + "' is not a key type the "
                        + "emulator seeds; use rsa (2048 bits) or ec (P-256)", Set.of(key));
            }
        });
        return keys;
    }

    private static void checkFile(String key, java.util.Optional<java.nio.file.Path> file) {
        file.ifPresent(f -> {
            if (!Files.isReadable(f)) {
                throw new ConfigurationException(key + ": " + f.toAbsolutePath() + " is not a readable file; fix the "
                        + "path (relative to " + System.getProperty("user.dir") + ")", Set.of(key));
            }
        });
    }

    /**
     * What makes one Dev Services emulator differ from another: JDK types only, because the registry compares it with the
     * value of an earlier build made by another class loader. Seed values enter as a digest, so they are compared without
     * being held or printed.
     */
    private static Map<String, String> identity(KeyVaultBuildTimeConfig.DevServicesConfig settings,
            Map<String, EmulatorDevService.Vault> vaults) {
        Map<String, String> identity = new TreeMap<>();
        settings.port().ifPresent(p -> identity.put("port", Integer.toString(p)));
        vaults.forEach((alias, v) -> {
            String k = "vault[" + alias + "].";
            identity.put(k + "name", v.name());
            v.secretsFile().ifPresent(f -> {
                identity.put(k + "secrets-file", f.toAbsolutePath().toString());
                try {
                    identity.put(k + "secrets-file-modified", Files.getLastModifiedTime(f).toString());
                } catch (java.io.IOException e) {
                    identity.put(k + "secrets-file-modified", "unknown");
                }
            });
            identity.put(k + "secrets", digest(new TreeMap<>(v.secrets())));
            identity.put(k + "keys", new TreeMap<>(v.keys()).toString());
        });
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
