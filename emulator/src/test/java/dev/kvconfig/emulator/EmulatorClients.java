package dev.kvconfig.emulator;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;

/** Official SDK clients wired to an emulator: Netty transport trusting the emulator's trust store, short retries. */
public final class EmulatorClients {
    private EmulatorClients() {
    }

    /** A Netty HttpClient trusting the given PKCS#12 trust store. */
    public static HttpClient httpClient(Path trustStore, String password, String type) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
            reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                    .secure(spec -> spec.sslContext(ssl));
            return new NettyAsyncHttpClientBuilder(netty).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the emulator trust store " + trustStore, e);
        }
    }

    public static HttpClient httpClient(KeyVaultEmulator emulator) {
        return httpClient(emulator.trustStore(), emulator.trustStorePassword(), emulator.trustStoreType());
    }

    /** Two quick retries, so fault tests stay fast. */
    public static RetryOptions quickRetries(int maxRetries) {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(maxRetries)
                .setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofMillis(50)));
    }

    public static SecretClientBuilder builder(KeyVaultEmulator emulator, String vault) {
        return builder(emulator, vault, emulator.credential());
    }

    public static SecretClientBuilder builder(KeyVaultEmulator emulator, String vault, TokenCredential credential) {
        return new SecretClientBuilder()
                .vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(credential)
                .httpClient(httpClient(emulator))
                .retryOptions(quickRetries(2))
                .disableChallengeResourceVerification();
    }

    public static SecretClient secretClient(KeyVaultEmulator emulator, String vault) {
        return builder(emulator, vault).buildClient();
    }

    public static SecretAsyncClient secretAsyncClient(KeyVaultEmulator emulator, String vault) {
        return builder(emulator, vault).buildAsyncClient();
    }
}
