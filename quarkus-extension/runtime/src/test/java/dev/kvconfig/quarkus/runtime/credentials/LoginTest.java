package dev.kvconfig.quarkus.runtime.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.credentials.CredentialsProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginTest {

    @Test
    void login_readsBothValues_butNoStringFormShowsThePassword() {
        Map<String, String> login = new KeyVaultCredentialsProvider.Login("orders_app", "pw-secret-1");

        assertThat(login).containsEntry(CredentialsProvider.USER_PROPERTY_NAME, "orders_app")
                .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "pw-secret-1").hasSize(2);
        assertThat(login.values()).containsExactlyInAnyOrder("orders_app", "pw-secret-1");
        String printed = login + " " + login.entrySet() + " " + login.values() + " " + login.keySet() + " "
                + login.entrySet().iterator().next() + " " + String.valueOf(login.entrySet().stream().toList());
        assertThat(printed).contains("orders_app").doesNotContain("pw-secret-1");
    }
}
