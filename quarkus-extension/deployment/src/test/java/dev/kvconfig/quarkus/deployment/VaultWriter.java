package dev.kvconfig.quarkus.deployment;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.kvconfig.emulator.KeyVaultEmulator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;
import reactor.core.publisher.Mono;

/**
 * Writes secrets the way an operator would: the official SDK over HTTPS, to the vault and trust store the application is
 * configured with. Tests run inside the Quarkus class loader, so they reach the emulator through the wire, not its object.
 */
final class VaultWriter {

    private VaultWriter() {
    }

    static SecretClient client(Config config, String urlKey) {
        return new SecretClientBuilder()
                .vaultUrl(config.getValue(urlKey, String.class))
                .credential(OPERATOR)
                .httpClient(httpClient(Path.of(config.getValue("quarkus.keyvault.tls.trust-store", String.class)),
                        config.getValue("quarkus.keyvault.tls.trust-store-password", String.class)))
                .disableChallengeResourceVerification()
                .buildClient();
    }

    /** Creates an RSA key in a vault of an emulator the test holds (before the application starts). */
    static void createRsaKey(KeyVaultEmulator emulator, String vault, String name) {
        new KeyClientBuilder()
                .vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(OPERATOR)
                .httpClient(httpClient(emulator.trustStore(), emulator.trustStorePassword()))
                .disableChallengeResourceVerification()
                .buildClient()
                .createRsaKey(new CreateRsaKeyOptions(name));
    }

    /** Writes a new version with these tags, through the SDK, to a vault of an emulator the test holds. */
    static void setSecret(KeyVaultEmulator emulator, String vault, String name, String value, Map<String, String> tags) {
        setSecret(new SecretClientBuilder()
                .vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(OPERATOR)
                .httpClient(httpClient(emulator.trustStore(), emulator.trustStorePassword()))
                .disableChallengeResourceVerification()
                .buildClient(), name, value, tags);
    }

    /** Writes a new version with these tags. */
    static void setSecret(SecretClient client, String name, String value, Map<String, String> tags) {
        client.setSecret(new KeyVaultSecret(name, value).setProperties(new SecretProperties().setTags(tags)));
    }

    /** The emulator accepts any bearer token unless told otherwise. */
    private static final TokenCredential OPERATOR =
            request -> Mono.just(new AccessToken("test-operator", OffsetDateTime.now().plusHours(1)));

    private static HttpClient httpClient(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
            reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                    .secure(spec -> spec.sslContext(ssl));
            return new NettyAsyncHttpClientBuilder(netty).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the trust store " + trustStore, e);
        }
    }
}
