package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.TlsMaterial;
import dev.kvconfig.source.TlsMaterialSettings;
import io.micronaut.context.BeanDefinitionRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.ssl.CertificateProvider;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link CertificateProvider} named {@code <name>} per {@code keyvault.tls-material.<name>} group (and
 * {@code keyvault.vaults.<alias>.tls-material.<name>}), at startup, before the HTTP server and clients resolve
 * {@code key-name} / {@code trust-name}. The settings are the core's, read with the vault's other settings; the core
 * reads and validates the certificates on this thread, so a group that cannot serve TLS (a key that is not exportable,
 * an expired certificate, a missing one) fails startup with a message naming the group's keys.
 *
 * <p>One INFO line per group names the certificate version served. Closing the application context stops the groups
 * following the vault's refresh.
 */
@Context
@Requires(classes = CertificateProvider.class)
@Requires(beans = KeyVaultSources.class)
final class KeyVaultCertificateProviders {

    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultCertificateProviders.class);

    private final List<KeyVaultCertificateProvider> providers = new ArrayList<>();

    KeyVaultCertificateProviders(KeyVaultSources vaults, BeanDefinitionRegistry registry) {
        List<KeyVaultConfigSource> sources = vaults.sources();
        for (KeyVaultConfigSource source : sources) {
            for (TlsMaterialSettings group : source.options().tlsMaterials().values()) {
                TlsMaterial material = null;
                KeyVaultCertificateProvider provider;
                try {
                    material = group.build(sources);
                    provider = new KeyVaultCertificateProvider(group, material);
                } catch (IllegalStateException e) {
                    if (material != null) {
                        material.close();
                    }
                    close();
                    // The core's message names the group's keys, the certificate, the vault and the fix; keep it first.
                    throw new ConfigurationException(e.getMessage(), e);
                }
                providers.add(provider);
                registry.registerSingleton(CertificateProvider.class, provider, Qualifiers.byName(group.name()));
                TlsMaterial.Status status = material.status();
                LOG.info("kvconfig: TLS material {} is Micronaut certificate provider '{}' (key-name/trust-name){}{}",
                        group.keyPrefix() + "*", group.name(), status.certificate().map(c -> ", certificate "
                                + c.certificate() + " version " + c.version() + " serial " + c.serialNumber())
                                .orElse(""), status.trust().isEmpty() ? "" : ", trusting " + status.trust().stream()
                                        .map(t -> t.certificate() + " version " + t.version()).toList());
            }
        }
    }

    /** Stops every group following its vault's refresh; the SSL contexts built last keep serving. Idempotent. */
    @PreDestroy
    void close() {
        providers.forEach(KeyVaultCertificateProvider::close);
    }
}
