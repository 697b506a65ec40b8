package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.TlsMaterial;
import dev.kvconfig.source.TlsMaterialSettings;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

/**
 * One Spring SSL bundle per {@code keyvault.tls-material.<name>.*} group, named {@code <name>}, kept current by the
 * core's {@link TlsMaterial}: {@code server.ssl.bundle=<name>} and {@code SslBundles.getBundle(name)} clients take a
 * renewed vault certificate on their next handshakes, without a restart. Nothing is installed in the JVM (no security
 * provider, no system property).
 *
 * <p>Each bundle carries both forms Boot's consumers read. Its managers ({@link SslBundle#getManagers()}) are the
 * material's own key and trust managers, which follow the refresh themselves: an {@code SSLContext} a client built once
 * from the bundle presents and trusts the current versions (Reactor Netty's server reads these). Its stores
 * ({@link SslBundle#getStores()}) are in-memory key and trust stores holding the versions served when the bundle was
 * made (embedded Tomcat and Jetty read these), so on every change of the material the bundle is rebuilt and
 * {@link SslBundleRegistry#updateBundle} called: Boot's update handlers reload Tomcat's and Netty's SSL configuration
 * (new handshakes only; open connections keep theirs). Boot registers none for Jetty, which keeps its first
 * certificate.
 *
 * <p>The materials are read when this bean is created (on the calling thread, so a certificate that cannot serve TLS
 * stops startup with {@link KeyVaultConfigException} naming the bundle); updates run on the vault's refresher thread.
 * Closed with the application context: the materials stop following the refresh. Thread-safe.
 */
final class KeyVaultSslBundles implements SslBundleRegistrar, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultSslBundles.class);
    /** Key Vault certificates hold RSA or EC keys; the key manager offers its alias for the one it serves. */
    private static final List<String> KEY_TYPES = List.of("RSA", "EC");
    /** The provider our fixed manager factories report: not registered anywhere, it names where they come from. */
    private static final Provider PROVIDER = new Provider("kvconfig", "1.0", "Key Vault TLS material (not installed)") {
    };

    private final List<Bundle> bundles = new ArrayList<>();

    /** One bundle: its material and, once registered, the listener that updates it. */
    private static final class Bundle {
        final TlsMaterial material;
        volatile Consumer<TlsMaterial.Status> listener;

        Bundle(TlsMaterial material) {
            this.material = material;
        }
    }

    /**
     * Builds the material of every group under every vault of this run.
     *
     * @throws KeyVaultConfigException naming the bundle and its keys when a group's certificate cannot serve TLS (no
     *     exportable key, expired, missing) or its vault is not imported; materials built before are closed
     */
    KeyVaultSslBundles(LoadedVaults vaults) {
        List<KeyVaultConfigSource> sources = vaults.all().stream().map(LoadedVaults.Vault::source).toList();
        try {
            for (KeyVaultConfigSource source : sources) {
                for (TlsMaterialSettings group : source.options().tlsMaterials().values()) {
                    bundles.add(new Bundle(build(group, sources)));
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static TlsMaterial build(TlsMaterialSettings group, List<KeyVaultConfigSource> sources) {
        try {
            return group.build(sources);
        } catch (IllegalStateException e) {
            // The core's message names the group's keys, the certificate and the fix for its case.
            throw new KeyVaultConfigException("SSL bundle '" + group.name() + "' cannot be registered: "
                    + e.getMessage(), "Fix the certificate or the " + group.keyPrefix() + "* settings as the message "
                    + "says, or remove that group so no bundle named '" + group.name() + "' is made", e);
        }
    }

    @Override
    public void registerBundles(SslBundleRegistry registry) {
        for (Bundle b : bundles) {
            String name = b.material.name();
            registry.registerBundle(name, bundle(b.material));
            Consumer<TlsMaterial.Status> listener = status -> update(registry, b.material);
            b.listener = listener;
            b.material.addChangeListener(listener);
            LOG.info("kvconfig: SSL bundle '{}' registered from Key Vault ({})", name, describe(b.material.status()));
        }
    }

    /** On the refresher thread, after the material switched: servers using the bundle reload for new handshakes. */
    private static void update(SslBundleRegistry registry, TlsMaterial material) {
        String name = material.name();
        try {
            registry.updateBundle(name, bundle(material));
            LOG.info("kvconfig: SSL bundle '{}' updated ({}); servers using it reload it for new handshakes", name,
                    describe(material.status()));
        } catch (RuntimeException e) {
            // Clients of the bundle's managers already use the new version; a server reading its stores does not.
            LOG.warn("kvconfig: SSL bundle '{}' could not be updated, servers using it keep the previous certificate "
                    + "until the next change or a restart: {}", name, e.toString());
        }
    }

    /**
     * A bundle of the material's current versions: its live managers, and stores holding what they serve now. Where the
     * group names no certificate (or no trust), that side is Boot's default for a bundle without a key store (trust
     * store): no key, the JVM's default trust.
     */
    private static SslBundle bundle(TlsMaterial material) {
        TlsMaterial.Status status = material.status();
        boolean identity = status.certificate().isPresent();
        boolean trust = !status.trust().isEmpty();
        PemSslStore keyStore = identity ? keyEntry(material.keyManager(), material.name()) : null;
        PemSslStore trustStore = trust
                ? PemSslStore.of(Arrays.asList(material.trustManager().getAcceptedIssuers()), null) : null;
        SslStoreBundle stores = new PemSslStoreBundle(keyStore, trustStore);
        SslManagerBundle defaults = SslManagerBundle.from(stores, SslBundleKey.NONE);
        SslManagerBundle managers = SslManagerBundle.of(
                identity ? new FixedKeyManagerFactory(material.keyManager()) : defaults.getKeyManagerFactory(),
                trust ? new FixedTrustManagerFactory(material.trustManager()) : defaults.getTrustManagerFactory());
        return SslBundle.of(stores, SslBundleKey.NONE, SslOptions.NONE, SslBundle.DEFAULT_PROTOCOL, managers);
    }

    /** The key and chain the key manager serves now, as one key entry. */
    private static PemSslStore keyEntry(X509ExtendedKeyManager keyManager, String name) {
        for (String type : KEY_TYPES) {
            String[] aliases = keyManager.getServerAliases(type, null);
            if (aliases != null && aliases.length > 0) {
                // The alias names one version, so key and chain are of the same version even across a switch.
                PrivateKey key = keyManager.getPrivateKey(aliases[0]);
                X509Certificate[] chain = keyManager.getCertificateChain(aliases[0]);
                if (key != null && chain != null) {
                    return PemSslStore.of(List.of(chain), key);
                }
            }
        }
        throw new IllegalStateException("SSL bundle '" + name + "': the Key Vault certificate's key is neither RSA nor "
                + "EC");
    }

    private static String describe(TlsMaterial.Status status) {
        StringBuilder s = new StringBuilder();
        status.certificate().ifPresent(c -> s.append("certificate ").append(c.certificate()).append(" version ")
                .append(c.version()).append(", serial ").append(c.serialNumber()).append(", not after ")
                .append(c.notAfter()));
        if (!status.trust().isEmpty()) {
            s.append(s.length() > 0 ? "; " : "").append("trust ")
                    .append(status.trust().stream().map(t -> t.certificate() + " version " + t.version()).toList());
        }
        return s.toString();
    }

    /** Stops updating the bundles and following the refresh; bundles already handed out keep their last material. */
    @Override
    public void close() {
        for (Bundle b : bundles) {
            Consumer<TlsMaterial.Status> listener = b.listener;
            if (listener != null) {
                b.material.removeChangeListener(listener);
            }
            b.material.close();
        }
    }

    /** A key manager factory that hands out one existing key manager (Boot's bundles expose factories). */
    private static final class FixedKeyManagerFactory extends KeyManagerFactory {
        FixedKeyManagerFactory(KeyManager keyManager) {
            super(new KeyManagerFactorySpi() {
                @Override
                protected void engineInit(KeyStore ks, char[] password) {
                }

                @Override
                protected void engineInit(ManagerFactoryParameters spec) {
                }

                @Override
                protected KeyManager[] engineGetKeyManagers() {
                    return new KeyManager[] {keyManager};
                }
            }, PROVIDER, KeyManagerFactory.getDefaultAlgorithm());
        }
    }

    /** A trust manager factory that hands out one existing trust manager. */
    private static final class FixedTrustManagerFactory extends TrustManagerFactory {
        FixedTrustManagerFactory(TrustManager trustManager) {
            super(new TrustManagerFactorySpi() {
                @Override
                protected void engineInit(KeyStore ks) {
                }

                @Override
                protected void engineInit(ManagerFactoryParameters spec) {
                }

                @Override
                protected TrustManager[] engineGetTrustManagers() {
                    return new TrustManager[] {trustManager};
                }
            }, PROVIDER, TrustManagerFactory.getDefaultAlgorithm());
        }
    }
}
