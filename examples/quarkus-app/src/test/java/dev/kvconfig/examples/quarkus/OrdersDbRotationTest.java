package dev.kvconfig.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.hamcrest.Matchers.equalTo;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.agroal.api.AgroalDataSource;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The orders datasource follows a password rotation without a restart: the database password changes, then a new
 * version of the secret is written (the order ops follow, docs/rotation.md), and once the vault is refreshed the pool's
 * new connections log in with the new password, which is the only one the database still accepts.
 */
@QuarkusTest
class OrdersDbRotationTest {

    private static final String URL = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Config config;

    @Test
    void ordersDb_passwordRotated_newConnectionsLogInWithTheNewVersion() throws Exception {
        given().when().get("/orders-db").then().statusCode(200).body("user", equalTo("ORDERS_APP"));
        int before = sessionId();

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER USER orders_app SET PASSWORD 'dev-only-db-password-2'"); // the database first …
        }
        secrets().setSecret("orders-db-password", "dev-only-db-password-2"); // … then the new version
        KeyVaultConfigSource.of(config).get(0).refreshNow().get(30, TimeUnit.SECONDS);

        // The extension flushed the pool when the password changed: connections opened from now on are new sessions,
        // and only the new password logs in.
        awaitNewSession(before);
        given().when().get("/orders-db").then().statusCode(200).body("user", equalTo("ORDERS_APP"));
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(URL, "orders_app", "dev-only-db-password-1").close());
    }

    /** The H2 session of the connection the pool hands out (with no other load, its one idle connection). */
    private int sessionId() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT SESSION_ID()")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Waits until the pool hands out a connection of another session (its flush is asynchronous). */
    private void awaitNewSession(int before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sessionId() == before) {
            assertThat(System.nanoTime()).as("a new connection from the pool").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** An operator's SDK client for the Dev Services vault (the emulator accepts any bearer token). */
    private SecretClient secrets() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(config.getValue("quarkus.keyvault.tls.trust-store",
                String.class)))) {
            trust.load(in, config.getValue("quarkus.keyvault.tls.trust-store-password", String.class).toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                .secure(spec -> spec.sslContext(ssl));
        return new SecretClientBuilder()
                .vaultUrl(config.getValue("quarkus.keyvault.url", String.class))
                .credential(request -> Mono.just(new AccessToken("operator", OffsetDateTime.now().plusHours(1))))
                .httpClient(new NettyAsyncHttpClientBuilder(netty).build())
                .disableChallengeResourceVerification()
                .buildClient();
    }
}
