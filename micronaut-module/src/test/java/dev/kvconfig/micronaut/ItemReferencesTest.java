package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code ${keyvault.key-ref.…}} and {@code ${keyvault.cert-ref.…}} placeholders, through the core's handlers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ItemReferencesTest {

    KeyVaultEmulator emulator;

    @BeforeAll
    void start() throws Exception {
        emulator = KeyVaultEmulator.builder().vault("items").seed("items", Map.of("greeting", "hello")).start();
        KeyStore store = KeyStore.getInstance(emulator.trustStoreType());
        try (InputStream in = Files.newInputStream(emulator.trustStore())) {
            store.load(in, emulator.trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        var ssl = SslContextBuilder.forClient().trustManager(tmf).build();
        KeyClient keys = new KeyClientBuilder().vaultUrl(emulator.vaultUrl("items").toString())
                .credential(emulator.credential()).disableChallengeResourceVerification()
                .httpClient(new NettyAsyncHttpClientBuilder(
                        reactor.netty.http.client.HttpClient.create().secure(s -> s.sslContext(ssl))).build())
                .buildClient();
        keys.createEcKey(new CreateEcKeyOptions("jwt-signing").setCurveName(KeyCurveName.P_256));
    }

    @AfterAll
    void stop() {
        emulator.close();
    }

    private ApplicationContext run(Map<String, String> extra) {
        Map<String, Object> p = new HashMap<>(KeyVaultTestProperties.of(emulator, "items"));
        p.putAll(extra);
        return ApplicationContext.run(p);
    }

    @Test
    void keyRef_pemAndJwk_resolveToThePublicKey() throws Exception {
        try (ApplicationContext context = run(Map.of(
                "jwt.verify-key", "${keyvault.key-ref.jwt-signing}",
                "jwt.jwk", "${keyvault.key-ref.jwt-signing#jwk}"))) {
            String pem = context.getRequiredProperty("jwt.verify-key", String.class);
            assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
            assertThat(key).isInstanceOf(ECPublicKey.class);
            assertThat(context.getRequiredProperty("jwt.jwk", String.class))
                    .contains("\"kty\":\"EC\"", "\"crv\":\"P-256\"").doesNotContain("\"d\"");
        }
    }

    @Test
    void refs_inTheEnvironment_areFetchedWithTheFirstOfTheirKind_soLaterFirstReadsSendNoRequest() {
        emulator.setSecret("items", "other", "other-value");
        try (ApplicationContext context = run(Map.of("app.greeting", "${keyvault.ref.greeting}",
                "app.other", "x=${keyvault.ref.other:none}", "jwt.pem", "${keyvault.key-ref.jwt-signing}",
                "jwt.jwk", "${keyvault.key-ref.jwt-signing#jwk}"))) {
            // As a bean would at startup: the first placeholder of each kind creates its handler.
            assertThat(context.getRequiredProperty("app.greeting", String.class)).isEqualTo("hello");
            assertThat(context.getRequiredProperty("jwt.pem", String.class)).startsWith("-----BEGIN PUBLIC KEY-----");
            emulator.faults(Faults.latency(Duration.ofMillis(800)));
            emulator.resetStats();
            try {
                assertThat(context.getRequiredProperty("app.other", String.class)).isEqualTo("x=other-value");
                assertThat(context.getRequiredProperty("jwt.jwk", String.class)).contains("\"kty\":\"EC\"");
                assertThat(emulator.stats().total()).as("requests during first reads").isZero();
            } finally {
                emulator.clearFaults();
            }
        }
    }

    @Test
    void certRef_missingCertificate_failsNamingThePlaceholder() {
        try (ApplicationContext context = run(Map.of("tls.thumbprint", "${keyvault.cert-ref.no-such-cert#thumbprint}"))) {
            Throwable t = catchThrowable(() -> context.getRequiredProperty("tls.thumbprint", String.class));
            assertThat(t).isInstanceOf(ConfigurationException.class);
            assertThat(t.getMessage()).contains("${keyvault.cert-ref.no-such-cert#thumbprint}", "does not exist");
        }
    }

    @Test
    void keyRef_unknownPart_failsNamingThePlaceholderAndTheForm() {
        try (ApplicationContext context = run(Map.of("jwt.bad", "${keyvault.key-ref.jwt-signing#der}"))) {
            Throwable t = catchThrowable(() -> context.getRequiredProperty("jwt.bad", String.class));
            assertThat(t).isInstanceOf(ConfigurationException.class);
            assertThat(t.getMessage()).contains("${keyvault.key-ref.jwt-signing#der}", "#der");
        }
    }
}
