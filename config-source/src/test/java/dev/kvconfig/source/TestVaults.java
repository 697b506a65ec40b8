package dev.kvconfig.source;

import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;

/** Test support: settings for an emulator vault, a config built the way applications build it, a seeding SDK client. */
final class TestVaults {

    /** Through the record's canonical constructor: a record cannot also have a static {@code outage()} factory. */
    static final Faults OUTAGE = new Faults(Duration.ZERO, true, 0.0, null);

    private TestVaults() {
    }

    /** Settings for one emulator vault: emulator credential, its trust store, no background refresh, fast retries. */
    static Map<String, String> settings(KeyVaultEmulator emulator, String vault) {
        return settings(emulator, vault, "keyvault.");
    }

    static Map<String, String> aliasSettings(KeyVaultEmulator emulator, String vault, String alias) {
        return settings(emulator, vault, "keyvault.vaults." + alias + ".");
    }

    private static Map<String, String> settings(KeyVaultEmulator emulator, String vault, String prefix) {
        Map<String, String> s = new LinkedHashMap<>();
        s.putAll(emulator.clientSettings(vault, prefix));
        s.put(prefix + "refresh.interval", "0");
        s.put(prefix + "retry.max-retries", "1");
        s.put(prefix + "retry.base-delay", "10ms");
        s.put(prefix + "retry.max-delay", "50ms");
        return s;
    }

    /** A config built as an application builds it: discovered sources and handlers, settings at ordinal 250. */
    static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .addDiscoveredSecretKeysHandlers()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test-settings", 250))
                .build();
    }

    static KeyVaultConfigSource source(SmallRyeConfig config) {
        return KeyVaultConfigSource.of(config).get(0);
    }

    /** An SDK client for seeding secrets with attributes the emulator's direct API does not set (tags, exp, nbf). */
    static SecretClient sdk(KeyVaultEmulator emulator, String vault) {
        try {
            KeyStore store = KeyStore.getInstance(emulator.trustStoreType());
            try (InputStream in = Files.newInputStream(emulator.trustStore())) {
                store.load(in, emulator.trustStorePassword().toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
            return new SecretClientBuilder()
                    .vaultUrl(emulator.vaultUrl(vault).toString())
                    .credential(emulator.credential())
                    .disableChallengeResourceVerification()
                    .httpClient(new NettyAsyncHttpClientBuilder(
                            reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build())
                    .buildClient();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the wall clock has entered the next whole second. Key Vault's {@code updated} has one-second
     * resolution, so the source fetches again a secret it read within the second of its last update; seeding, then
     * waiting here, lets a test start from a settled snapshot. This orders events; nothing is asserted about time.
     */
    static void waitPastCurrentSecond() {
        long now = System.currentTimeMillis();
        long next = (now / 1000 + 1) * 1000 + 20;
        try {
            Thread.sleep(next - now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long count(KeyVaultEmulator emulator, String vault, String operation) {
        return emulator.stats().vault(vault).operations().getOrDefault(operation, 0L);
    }
}
