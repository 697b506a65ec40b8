package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The credentials view over a live source: the three formats, rotation, refused versions, settings. */
class CredentialsViewTest {

    private static final String VAULT = "creds";

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault(VAULT)
            .seed(VAULT, Map.of("plain-password", "plain-pw-1", "empty-password", "")));

    private SmallRyeConfig config;
    private KeyVaultConfigSource source;
    private SecretClient sdk;

    @BeforeEach
    void open() {
        sdk = TestVaults.sdk(EMULATOR.get(), VAULT);
        config = TestVaults.config(TestVaults.settings(EMULATOR.get(), VAULT));
        source = TestVaults.source(config);
    }

    @AfterEach
    void close() {
        KeyVaultConfigSource.closeAll(config);
    }

    private void rotate(String name, String value) throws Exception {
        EMULATOR.get().setSecret(VAULT, name, value);
        refresh();
    }

    private void writeTagged(String name, String value, Map<String, String> tags) throws Exception {
        sdk.setSecret(new KeyVaultSecret(name, value).setProperties(new SecretProperties().setTags(tags)));
        refresh();
    }

    private void refresh() throws Exception {
        source.refreshNow().get(30, TimeUnit.SECONDS);
    }

    @Test
    void password_rotated_currentServesNewPasswordAndListenerIsToldOnce() throws Exception {
        try (CredentialsView view = CredentialsView.builder("plain").secret("plain.password").username("app")
                .build(source)) {
            List<Credentials> told = new CopyOnWriteArrayList<>();
            view.addListener(told::add);
            assertThat(view.current().username()).isEqualTo("app");
            assertThat(view.current().password()).isEqualTo("plain-pw-1");
            assertThat(view.current().secretName()).isEqualTo("plain-password");

            rotate("plain-password", "plain-pw-2");

            assertThat(view.current().password()).isEqualTo("plain-pw-2");
            assertThat(told).singleElement().isEqualTo(view.current());
            assertThat(view.refusal()).isEmpty();
        }
    }

    @Test
    void password_sameValueWrittenAgain_listenerIsNotTold() throws Exception {
        EMULATOR.get().setSecret(VAULT, "again-password", "again-pw");
        refresh();
        try (CredentialsView view = CredentialsView.builder("again").secret("again-password").username("app")
                .build(source)) {
            List<Credentials> told = new CopyOnWriteArrayList<>();
            view.addListener(told::add);
            String firstVersion = view.current().version();

            rotate("again-password", "again-pw");

            assertThat(view.current().version()).isNotEqualTo(firstVersion);
            assertThat(told).isEmpty();
        }
    }

    @Test
    void tagged_newVersionNamesOtherLogin_usernameAndPasswordChangeTogether() throws Exception {
        writeTagged("dual-login", "blue-pw", Map.of("CredentialId", "blue"));
        try (CredentialsView view = CredentialsView.builder("dual").secret("dual-login")
                .format(CredentialsView.Format.TAGGED).build(source)) {
            assertThat(view.current().username()).isEqualTo("blue");

            writeTagged("dual-login", "green-pw", Map.of("CredentialId", "green", "team", "orders"));

            assertThat(view.current().username()).isEqualTo("green");
            assertThat(view.current().password()).isEqualTo("green-pw");
        }
    }

    @Test
    void tagged_customTagMatchedIgnoringCase_readsTheLogin() throws Exception {
        writeTagged("custom-login", "custom-pw", Map.of("DBLOGIN", "custom"));
        try (CredentialsView view = CredentialsView.builder("custom").secret("custom-login")
                .format(CredentialsView.Format.TAGGED).usernameTag("DbLogin").build(source)) {
            assertThat(view.current().username()).isEqualTo("custom");
        }
    }

    @Test
    void tagged_versionWithoutTag_isRefusedLastGoodKeptAndStatusSaysSo() throws Exception {
        writeTagged("untagged-login", "first-pw", Map.of("CredentialId", "first"));
        try (CredentialsView view = CredentialsView.builder("untagged").secret("untagged-login")
                .format(CredentialsView.Format.TAGGED).build(source)) {
            List<Credentials> told = new CopyOnWriteArrayList<>();
            view.addListener(told::add);

            writeTagged("untagged-login", "second-pw", Map.of("team", "orders"));

            assertThat(view.current().username()).isEqualTo("first");
            assertThat(view.current().password()).isEqualTo("first-pw");
            assertThat(told).isEmpty();
            VaultStatus status = source.status();
            assertThat(status.state()).isEqualTo(VaultStatus.State.UP);
            assertThat(status.refused()).singleElement().asString()
                    .contains("credentials untagged", "secret untagged-login version", "no tag CredentialId")
                    .doesNotContain("second-pw").doesNotContain("first-pw");
            assertThat(status.healthDetails()).containsEntry("refused", status.refused());
            assertThat(view.refusal()).contains(status.refused().get(0));

            writeTagged("untagged-login", "third-pw", Map.of("CredentialId", "third"));

            assertThat(view.current().username()).isEqualTo("third");
            assertThat(view.refusal()).isEmpty();
            assertThat(source.status().refused()).isEmpty();
            assertThat(told).singleElement().extracting(Credentials::username).isEqualTo("third");
        }
    }

    static Stream<Arguments> badJson() {
        return Stream.of(
                Arguments.of("s3cr3t-not-json", "its value is not valid JSON"),
                Arguments.of("[\"s3cr3t\"]", "its value is not a JSON object"),
                Arguments.of("{\"username\": \"app\", \"password\": \"s3cr3t\"", "its value is not valid JSON"),
                Arguments.of("{\"username\": \"app\", \"password\": \"s3cr3t\"} trailing", "its value is not valid JSON"),
                Arguments.of("{\"username\": \"app\", \"password\": \"s3cr3t\"} {}", "more after the JSON object"),
                Arguments.of("{\"username\": \"app\"}", "its JSON has no \"password\""),
                Arguments.of("{\"username\": \"app\", \"password\": \"\"}", "its JSON has no \"password\""),
                Arguments.of("{\"password\": \"s3cr3t\"}", "its JSON has no \"username\""),
                Arguments.of("{\"username\": \"app\", \"password\": 12345}", "\"password\" is not a string"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void json_unreadableVersion_isRefusedWithReasonAndNoValue(String value, String reason) throws Exception {
        rotate("json-login", "{\"username\": \"app\", \"password\": \"good-pw\", \"host\": {\"port\": 5432}}");
        try (CredentialsView view = CredentialsView.builder("json").secret("json-login")
                .format(CredentialsView.Format.JSON).build(source)) {
            assertThat(view.current().username()).isEqualTo("app");
            assertThat(view.current().password()).isEqualTo("good-pw");

            rotate("json-login", value);

            assertThat(view.current().password()).isEqualTo("good-pw");
            assertThat(view.refusal()).get().asString().contains("secret json-login version", reason)
                    .doesNotContain("s3cr3t");
        }
    }

    @Test
    void secretDisabled_isRefusedAndLastGoodKept() throws Exception {
        rotate("gone-password", "gone-pw");
        try (CredentialsView view = CredentialsView.builder("gone").secret("gone-password").username("app")
                .build(source)) {
            EMULATOR.get().setSecretEnabled(VAULT, "gone-password", false);
            refresh();

            assertThat(view.current().password()).isEqualTo("gone-pw");
            assertThat(view.refusal()).get().asString().contains("secret gone-password", "serves no such secret");
        }
    }

    @Test
    void build_secretAbsent_failsNamingKeyAndSecret() {
        assertThatThrownBy(() -> CredentialsView.builder("missing").secret("no-such-secret").username("app")
                .build(source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credentials-provider.missing.secret=no-such-secret")
                .hasMessageContaining("serves no such secret");
    }

    @Test
    void build_emptyPassword_failsSayingWhatToWrite() {
        assertThatThrownBy(() -> CredentialsView.builder("empty").secret("empty-password").username("app")
                .build(source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret empty-password version")
                .hasMessageContaining("no password")
                .hasMessageContaining("Write a new version whose value is the password");
    }

    @Test
    void build_taggedWithoutTag_failsNamingTheTag() {
        assertThatThrownBy(() -> CredentialsView.builder("notag").secret("plain-password")
                .format(CredentialsView.Format.TAGGED).build(source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no tag CredentialId")
                .hasMessageNotContaining("plain-pw");
    }

    @Test
    void build_passwordFormatWithoutUsername_isRejected() {
        assertThatThrownBy(() -> CredentialsView.builder("nouser").secret("plain-password").build(source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("keyvault.credentials-provider.nouser.username is required with "
                        + "keyvault.credentials-provider.nouser.format=password: the secret holds only the password");
    }

    @Test
    void build_usernameWithJsonFormat_isRejected() {
        assertThatThrownBy(() -> CredentialsView.builder("clash").secret("plain-password").username("app")
                .format(CredentialsView.Format.JSON).build(source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credentials-provider.clash.username is set but")
                .hasMessageContaining("reads the username from the secret");
    }

    @Test
    void build_usernameTagOutsideTagged_isRejected() {
        assertThatThrownBy(() -> CredentialsView.builder("tagclash").secret("plain-password").username("app")
                .usernameTag("Login").build(source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.credentials-provider.tagclash.username-tag is set but only");
    }

    @Test
    void build_noSecret_isRejected() {
        assertThatThrownBy(() -> CredentialsView.builder("nosecret").username("app").build(source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("keyvault.credentials-provider.nosecret.secret is required");
    }

    @Test
    void secret_twice_isRejected() {
        CredentialsView.Builder b = CredentialsView.builder("twice").secret("a");

        assertThatThrownBy(() -> b.secret("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("keyvault.credentials-provider.twice.secret was already set to a");
    }

    @Test
    void secret_blank_isRejected() {
        assertThatThrownBy(() -> CredentialsView.builder("blank").secret(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keyvault.credentials-provider.blank.secret: ' ' is not valid");
    }

    @Test
    void name_withDot_isRejected() {
        assertThatThrownBy(() -> CredentialsView.builder("orders.db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orders.db' is not valid; use 1 to 64 of A-Z, a-z, 0-9, _ and -");
    }

    @Test
    void format_unknownText_isRejectedNamingTheChoices() {
        assertThatThrownBy(() -> CredentialsView.Format.parse("keyvault.credentials-provider.db.format", "yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyvault.credentials-provider.db.format: 'yaml' is not valid; use one of [password, "
                        + "tagged, json]");
        assertThat(CredentialsView.Format.parse("k", " JSON ")).isEqualTo(CredentialsView.Format.JSON);
    }

    @Test
    void toString_credentialsAndView_neverShowThePassword() {
        try (CredentialsView view = CredentialsView.builder("shown").secret("plain-password").username("app")
                .build(source)) {
            assertThat(view.current().toString()).contains("username=app", "secret=plain-password")
                    .doesNotContain("plain-pw");
            assertThat(view.toString()).isEqualTo("CredentialsView[name=shown, secret=plain-password, format=password]");
        }
    }

    @Test
    void close_afterRefusal_stopsFollowingAndClearsTheStatus() throws Exception {
        writeTagged("closing-login", "closing-pw", Map.of("CredentialId", "closing"));
        CredentialsView view = CredentialsView.builder("closing").secret("closing-login")
                .format(CredentialsView.Format.TAGGED).build(source);
        writeTagged("closing-login", "closing-pw-2", Map.of());
        assertThat(source.status().refused()).hasSize(1);

        view.close();
        writeTagged("closing-login", "closing-pw-3", Map.of("CredentialId", "later"));

        assertThat(source.status().refused()).isEmpty();
        assertThat(view.current().username()).isEqualTo("closing");
        view.close(); // idempotent
    }
    @Test
    void settings_credentialsProviderGroup_buildsTheViewOverItsVault() {
        EMULATOR.get().setSecret(VAULT, "orders-password", "orders-pw-1");
        Map<String, String> settings = new java.util.LinkedHashMap<>(TestVaults.settings(EMULATOR.get(), VAULT));
        settings.put("keyvault.credentials-provider.orders.secret", "orders-password");
        settings.put("keyvault.credentials-provider.orders.username", "app");
        settings.put("keyvault.credentials-provider.orders.evict-on-change", "false");
        SmallRyeConfig withGroup = TestVaults.config(settings);
        try {
            List<KeyVaultConfigSource> sources = KeyVaultConfigSource.of(withGroup);
            CredentialsSettings orders = sources.get(0).options().credentialsProviders().get("orders");

            assertThat(orders.toString()).isEqualTo("CredentialsSettings[name=orders, secret=orders-password, "
                    + "format=password, username=app, vault=default, evict-on-change=false]");
            assertThat(orders.evictOnChange()).isFalse();
            try (CredentialsView view = orders.build(sources)) {
                assertThat(view.current().username()).isEqualTo("app");
                assertThat(view.current().password()).isEqualTo("orders-pw-1");
            }
            assertThatThrownBy(() -> orders.build(List.of()))
                    .hasMessage("credentials orders (keyvault.credentials-provider.orders.vault=default): no Key Vault "
                            + "source serves vault default; check that it is configured and started");
        } finally {
            KeyVaultConfigSource.closeAll(withGroup);
        }
    }
}
