package dev.kvconfig.quarkus.runtime.config;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code quarkus.keyvault.*} fixed at build time: Dev Services, the health check and metrics. */
@ConfigMapping(prefix = "quarkus.keyvault")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface KeyVaultBuildTimeConfig {

    /** Dev Services: an in-JVM Key Vault emulator in dev and test mode (no Docker). */
    DevServicesConfig devservices();

    /** The readiness check. */
    HealthConfig health();

    /** Micrometer metrics. */
    MetricsConfig metrics();

    /** {@code devservices.*}. */
    @ConfigGroup
    interface DevServicesConfig {
        /**
         * Start the emulator in dev and test mode when {@code quarkus.keyvault.url} is not set. Its URL, trust store and
         * {@code credential.type=emulator} are wired into the application's config.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Secrets to seed, by secret name, e.g. {@code quarkus.keyvault.devservices.secrets."db-password"=dev-only}.
         */
        @ConfigDocMapKey("secret-name")
        Map<String, String> secrets();

        /**
         * A properties file to seed from (relative to the working directory); property names map to secret names by
         * replacing every character outside {@code [A-Za-z0-9]} with {@code -} ({@code db.password} -> {@code db-password}).
         */
        Optional<Path> secretsFile();

        /** The emulated vault's name (3-24 of {@code [a-zA-Z0-9-]}). */
        @WithDefault("dev")
        String vaultName();

        /** A fixed HTTPS port for the vault; any free port when unset. */
        OptionalInt port();

        /**
         * Keys to create in the emulated vault, by key name: {@code rsa} (2048 bits) or {@code ec} (P-256), e.g.
         * {@code quarkus.keyvault.devservices.keys."jwt-signing"=ec} for {@code ${keyvault-key::jwt-signing}}.
         */
        @ConfigDocMapKey("key-name")
        Map<String, String> keys();

        /**
         * Named vaults to emulate too, by alias: each alias whose {@code quarkus.keyvault.vaults."alias".url} is not set
         * gets its own emulated vault (named {@code dev-<alias>}) in the same emulator, e.g.
         * {@code quarkus.keyvault.devservices.vaults.payments.secrets."api-key"=dev-key}.
         */
        @ConfigDocMapKey("alias")
        Map<String, NamedVaultConfig> vaults();
    }

    /** {@code devservices.vaults."alias".*}. */
    @ConfigGroup
    interface NamedVaultConfig {
        /** Secrets to seed into this alias's emulated vault, by secret name. */
        @ConfigDocMapKey("secret-name")
        Map<String, String> secrets();

        /** A properties file to seed this alias's vault from (relative to the working directory). */
        Optional<Path> secretsFile();

        /** Keys to create in this alias's vault, by key name: {@code rsa} or {@code ec}. */
        @ConfigDocMapKey("key-name")
        Map<String, String> keys();
    }

    /** {@code health.*}. */
    @ConfigGroup
    interface HealthConfig {
        /** Register the readiness check when quarkus-smallrye-health is present. */
        @WithDefault("true")
        boolean enabled();
    }

    /** {@code metrics.*}. */
    @ConfigGroup
    interface MetricsConfig {
        /** Publish {@code kvconfig.*} gauges when quarkus-micrometer is present. */
        @WithDefault("true")
        boolean enabled();
    }
}
