package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A datasource naming the {@code keyvault} provider and a group nobody configured fails startup, naming the
 * datasource's key and the key to set, instead of failing its first connection.
 */
class CredentialsProviderUnknownNameTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.greeting", "hello")
            .overrideConfigKey("quarkus.datasource.db-kind", "postgresql")
            .overrideConfigKey("quarkus.datasource.devservices.enabled", "false")
            // Never connected to: the pool opens no connection at startup (initial size 0).
            .overrideConfigKey("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/none")
            .overrideConfigKey("quarkus.datasource.credentials-provider", "orders-db")
            .overrideConfigKey("quarkus.datasource.credentials-provider-name", "keyvault")
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("quarkus.datasource.credentials-provider=orders-db")
                    .contains("set quarkus.keyvault.credentials-provider.orders-db.secret"));

    @Test
    void datasource_unknownCredentialsProvider_failsStartupNamingTheKeys() {
        fail("startup should have failed");
    }
}
