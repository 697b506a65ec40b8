package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A credentials-provider group whose secret cannot be read as credentials fails startup with the core's message (the
 * key as Quarkus users write it, the secret, what is wrong), even with no datasource using it yet.
 */
class CredentialsProviderUnreadableSecretTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.orders-db-login", "no-tag-on-this-version")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.orders-db.secret", "orders-db-login")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.orders-db.format", "tagged")
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("quarkus.keyvault.credentials-provider.orders-db.secret=orders-db-login")
                    .contains("no tag CredentialId")
                    .doesNotContain("no-tag-on-this-version"));

    @Test
    void group_secretWithoutLoginTag_failsStartupNamingTheSecret() {
        fail("startup should have failed");
    }
}
