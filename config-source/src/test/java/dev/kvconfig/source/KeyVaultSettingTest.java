package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of settings and the reader over any lookup: each row's default goes through its own builder setter, secrets
 * are masked and read when used, aliases fall back as the table says, and keys are named under the reader's root.
 * No vault is contacted: every case fails or builds options only.
 */
class KeyVaultSettingTest {

    private static final String ROOT = "app.kv.";
    private static final String URL = "https://localhost:1/";

    private static SettingsLookup lookup(Map<String, String> values) {
        return SettingsLookup.of(k -> Optional.ofNullable(values.get(k)), values::keySet);
    }

    private static KeyVaultOptions readOne(Map<String, String> values) {
        List<KeyVaultOptions> all = KeyVaultOptions.read(lookup(values), ROOT);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void table_keys_areUniqueAndDocumentedInOneLine() {
        Set<String> keys = new HashSet<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            assertThat(keys.add(s.key())).as("key %s twice", s.key()).isTrue();
            assertThat(s.doc()).as(s.key()).isNotBlank().doesNotContain("\n").endsWith(".");
            assertThat(s.secret()).as(s.key()).isEqualTo(s.kind() == KeyVaultSetting.Kind.PASSWORD);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyVaultSetting.class)
    void default_ofEachSetting_isAcceptedByItsSetterAndIsTheOptionsDefault(KeyVaultSetting s) {
        if (s.defaultValue().isEmpty()) {
            return;
        }
        Map<String, String> values = new HashMap<>(Map.of(ROOT + "url", URL));
        if (s.mapSegment().isPresent()) {
            // a row of the credentials-provider.<name>.* groups: a complete group db, in the format the row is read in
            String group = ROOT + s.mapParent() + ".db.";
            values.put(group + "secret", "db-login");
            values.put(group + (s == KeyVaultSetting.CREDENTIALS_PROVIDER_USERNAME_TAG ? "format" : "username"),
                    s == KeyVaultSetting.CREDENTIALS_PROVIDER_USERNAME_TAG ? "tagged" : "app");
        }
        KeyVaultOptions unset = readOne(values);
        values.put(s.keyUnder(ROOT, "db"), s.defaultValue().get());
        KeyVaultOptions explicit = readOne(values);

        assertThat(explicit.toString()).isEqualTo(unset.toString());
    }

    @Test
    void read_durationDefaults_areTheTypedConstants() {
        assertThat(KeyVaultOptions.DEFAULT_REFRESH_INTERVAL).isEqualTo(Duration.ofMinutes(5));
        assertThat(KeyVaultOptions.DEFAULT_STARTUP_TIMEOUT).isEqualTo(Duration.ofMinutes(2));
        assertThat(KeyVaultOptions.DEFAULT_EXPIRY_WARNING).isEqualTo(Duration.ofDays(30));
        assertThat(KeyVaultOptions.DEFAULT_ORDINAL).isEqualTo(270);
    }

    @Test
    void toString_everySecretSetting_isMaskedAndNotRead() {
        Map<String, String> values = new HashMap<>(Map.of(ROOT + "url", URL, ROOT + "credential.type", "emulator"));
        int[] reads = new int[1];
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            if (s.secret()) {
                values.put(s.keyUnder(ROOT), "value-of-" + s.name());
            }
        }
        values.put(ROOT + "tls.trust-store", "/none.p12");
        SettingsLookup counting = key -> {
            if (key.contains("password") || key.endsWith("secret") || key.endsWith("token")) {
                reads[0]++;
            }
            return Optional.ofNullable(values.get(key));
        };
        KeyVaultOptions options = KeyVaultOptions.read(counting, ROOT).get(0);
        int readsWhenBuilt = reads[0];

        String text = options.toString();
        assertThat(reads[0]).isEqualTo(readsWhenBuilt);
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            if (s.secret()) {
                assertThat(text).doesNotContain("value-of-" + s.name()).contains(s.key() + "=<set>");
            }
        }
        assertThat(options.clientSecret().orElseThrow().get()).isEqualTo("value-of-CREDENTIAL_CLIENT_SECRET");
    }

    @Test
    void read_aliasWithoutOwnValues_inheritsExactlyTheInheritedSettings() {
        Map<String, String> values = new HashMap<>(Map.of(ROOT + "url", URL, ROOT + "vaults.pay.url", URL,
                ROOT + "optional", "true", ROOT + "secret-prefix", "main-", ROOT + "refresh.interval", "7m",
                ROOT + "ordinal", "280", ROOT + "expiry-warning", "3d", ROOT + "startup-timeout", "9s"));
        KeyVaultOptions alias = KeyVaultOptions.read(lookup(values), ROOT).get(1);

        assertThat(alias.optional()).isTrue();
        assertThat(alias.refreshInterval()).isEqualTo(Duration.ofMinutes(7));
        assertThat(alias.expiryWarning()).isEqualTo(Duration.ofDays(3));
        assertThat(alias.startupTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(alias.secretPrefix()).isEmpty();
        assertThat(alias.ordinal()).isEqualTo(KeyVaultOptions.DEFAULT_ORDINAL);
        assertThat(KeyVaultSetting.SECRET_PREFIX.inherited()).isFalse();
        assertThat(KeyVaultSetting.STARTUP_TIMEOUT.inherited()).isTrue();
    }

    @Test
    void read_badValue_namesTheKeyUnderTheRoot() {
        assertThatThrownBy(() -> readOne(Map.of(ROOT + "url", URL, ROOT + "vaults.pay.url", URL,
                ROOT + "vaults.pay.retry.max-retries", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app.kv.vaults.pay.retry.max-retries: 'many' is not valid; use a whole number");
    }

    @Test
    void read_environmentFormAlias_isFoundThroughTheNames() {
        Map<String, String> values = Map.of("keyvault.url", URL, "KEYVAULT_VAULTS_PAY_ROLL_URL", URL,
                "KEYVAULT_VAULTS_PAY_ROLL_CREDENTIAL_TYPE", "emulator", "keyvault.vaults.pay_roll.url", URL,
                "keyvault.vaults.pay_roll.credential.type", "emulator");

        assertThat(lookup(values).mapKeys("keyvault.vaults")).containsExactly("pay_roll");
    }

    @Test
    void mapKeys_spellingsAFrameworkGenerates_nameOnlyTheAlias() {
        Map<String, String> values = Map.of("keyvault.vaults.pay.url", URL, "keyvault.vaults.pay-url", URL,
                "keyvault-vaults.pay.url", URL, "keyvault.vaults.pay.tags.team", "orders",
                "keyvault.vaults.junk", "x", "%prod.keyvault.vaults.\"eu.west\".url", URL);

        assertThat(lookup(values).mapKeys("keyvault.vaults")).containsExactlyInAnyOrder("pay", "eu.west");
        assertThat(lookup(values).mapKeys("keyvault.vaults.pay.tags")).containsExactly("team");
    }

    @Test
    void read_tagsWithADot_areQuotedInTheirKey() {
        Map<String, String> values = Map.of(ROOT + "url", URL, ROOT + "tags.\"team.name\"", "orders");

        assertThat(readOne(values).tags()).containsEntry("team.name", "orders");
    }

    @Test
    void read_emptyValue_isUnset() {
        assertThat(KeyVaultOptions.read(lookup(Map.of(ROOT + "url", "")), ROOT)).isEmpty();
    }

    @Test
    void read_rootWithoutDot_isRejected() {
        assertThatThrownBy(() -> KeyVaultOptions.read(lookup(Map.of()), "app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends with '.'");
    }

    @Test
    void everySetting_throughSmallRyesContext_bindsEveryRow() {
        Map<String, String> rooted = new HashMap<>();
        SettingCases.everySetting().forEach((k, v) -> rooted.put("keyvault." + k, v));
        io.smallrye.config.SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(rooted, "every-setting", 250)).build();
        SettingsLookup lookup = SettingsLookup.of(k -> config.getOptionalValue(k, String.class),
                config::getPropertyNames);

        String read = String.join("\n", KeyVaultOptions.read(lookup, "keyvault.").stream()
                .map(KeyVaultOptions::toString).toList());

        assertThat(read).isEqualTo(SettingCases.everySettingOptions("keyvault."))
                .contains("alias=pay", "refresh.interval=PT3M", "max-concurrency=8", "tags={team=orders}",
                        "credentials-provider={dual=CredentialsSettings[name=dual, secret=db-login, format=tagged, "
                                + "username-tag=Login, vault=default, evict-on-change=true], orders=CredentialsSettings["
                                + "name=orders, secret=db-password, format=password, username=app, vault=pay, "
                                + "evict-on-change=false]}");
    }

    @Test
    void read_credentialsProviderGroups_badInputNamesTheKeyAsWritten() {
        String p = "quarkus.keyvault.credentials-provider.db.";
        assertThatThrownBy(() -> KeyVaultOptions.read(lookup(Map.of("quarkus.keyvault.url", URL, p + "username", "app")),
                "quarkus.keyvault.")).hasMessage(p + "secret is required: the secret holding the credentials, e.g. "
                        + "db-password");
        assertThatThrownBy(() -> KeyVaultOptions.read(lookup(Map.of("quarkus.keyvault.url", URL, p + "secret", "db-login",
                p + "format", "tagged", p + "username", "app")), "quarkus.keyvault.")).hasMessage(p + "username is set "
                        + "but " + p + "format=tagged reads the username from the secret; remove one of them");
        assertThatThrownBy(() -> KeyVaultOptions.read(lookup(Map.of("quarkus.keyvault.url", URL, p + "secret", "db-login",
                p + "format", "plain")), "quarkus.keyvault.")).hasMessage(p + "format: 'plain' is not valid; use one of "
                        + "[password, tagged, json]");
        assertThatThrownBy(() -> KeyVaultOptions.read(lookup(Map.of("quarkus.keyvault.url", URL, p + "secret", "db-login",
                p + "username", "app", p + "vault", "pay")), "quarkus.keyvault.")).hasMessage(p + "vault: 'pay' is not a "
                        + "configured vault; use one of [default] or leave it unset for the vault whose keys these are");
        assertThatThrownBy(() -> KeyVaultOptions.read(lookup(Map.of("quarkus.keyvault.url", URL, p + "secret", "db-login",
                p + "username", "app", "quarkus.keyvault.vaults.pay.url", URL, "quarkus.keyvault.vaults.pay."
                        + "credentials-provider.db.secret", "db-login", "quarkus.keyvault.vaults.pay.credentials-provider.db."
                        + "username", "app")), "quarkus.keyvault.")).hasMessage(p + "* and quarkus.keyvault.vaults.pay."
                        + "credentials-provider.db.* both define credentials db, which pools name alone; rename one, or "
                        + "keep one and set its vault");
    }

    @Test
    void read_credentialsProviderGroupInEnvironmentForm_isFound() {
        Map<String, String> values = Map.of("keyvault.url", URL, "KEYVAULT_CREDENTIALS_PROVIDER_ORDERS_DB_SECRET",
                "db-password", "KEYVAULT_CREDENTIALS_PROVIDER_ORDERS_DB_USERNAME", "app");
        SettingsLookup env = SettingsLookup.of(k -> Optional.ofNullable(values.get(k)).or(() -> Optional.ofNullable(
                values.get(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_")))), values::keySet);

        assertThat(KeyVaultOptions.read(env, "keyvault.").get(0).credentialsProviders()).containsOnlyKeys("orders_db");
    }

    static List<SettingCases.Case> cases() {
        return SettingCases.all();
    }

    /** The SmallRye factory, through ServiceLoader-style registration, gives the table's message for each bad input. */
    @ParameterizedTest
    @MethodSource("cases")
    void badInput_throughSmallRye_isTheCoresMessage(SettingCases.Case c) {
        assertThatThrownBy(() -> new SmallRyeConfigBuilder().addDiscoveredSources()
                .withSources(new PropertiesConfigSource(c.under("keyvault."), "bad-input", 250)).build())
                .hasMessage(c.expected("keyvault."));
    }
}
