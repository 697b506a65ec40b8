package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ${keyvault-key::…}}: public keys through SmallRyeConfig, against the emulator with the real SDK. */
class KeyReferenceTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo", "payments");

    private static KeyClient keys;

    @BeforeAll
    static void clients() {
        keys = TestItems.keys(EMULATOR.get(), "demo");
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.putAll(TestVaults.aliasSettings(EMULATOR.get(), "payments", "pay"));
        return s;
    }

    private static String read(Map<String, String> settings, String property) {
        SmallRyeConfig config = TestVaults.config(settings);
        try {
            return config.getValue(property, String.class);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    /** Verifies a compact JWS with a key and a JDK signature algorithm; true when the signature holds. */
    private static boolean verifies(String jwt, PublicKey key, String jdkAlgorithm) throws Exception {
        int lastDot = jwt.lastIndexOf('.');
        Signature verifier = Signature.getInstance(jdkAlgorithm);
        verifier.initVerify(key);
        verifier.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1)));
    }

    @Test
    void keyPem_rs256TokenSignedInVault_verifiesWithKeyFromConfig() throws Exception {
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("jwt-rsa"));
        String jwt = TestItems.jwt(TestItems.crypto(EMULATOR.get(), key.getId()), SignatureAlgorithm.RS256, key.getId());
        Map<String, String> s = settings();
        s.put("mp.jwt.verify.publickey", "${keyvault-key::jwt-rsa#pem}");

        String pem = read(s, "mp.jwt.verify.publickey");

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(verifies(jwt, TestItems.publicKey(pem, "RSA"), "SHA256withRSA")).isTrue();
        String tampered = jwt.replaceFirst("\\.[^.]+\\.", "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"mallory\"}".getBytes(StandardCharsets.UTF_8)) + ".");
        assertThat(verifies(tampered, TestItems.publicKey(pem, "RSA"), "SHA256withRSA")).isFalse();
    }

    @Test
    void keyPem_es256TokenSignedInVault_verifiesWithKeyFromConfig() throws Exception {
        KeyVaultKey key = keys.createEcKey(new CreateEcKeyOptions("jwt-ec").setCurveName(KeyCurveName.P_256));
        String jwt = TestItems.jwt(TestItems.crypto(EMULATOR.get(), key.getId()), SignatureAlgorithm.ES256, key.getId());
        Map<String, String> s = settings();
        s.put("mp.jwt.verify.publickey", "${keyvault-key::jwt-ec}");

        String pem = read(s, "mp.jwt.verify.publickey");

        // JWS carries ES256 signatures as raw R||S (P1363), which this JDK algorithm reads directly.
        assertThat(verifies(jwt, TestItems.publicKey(pem, "EC"), "SHA256withECDSAinP1363Format")).isTrue();
    }

    @Test
    void keyJwk_rsaAndEc_holdOnlyThePublicMembersOfTheVaultKey() throws Exception {
        KeyVaultKey rsa = keys.createRsaKey(new CreateRsaKeyOptions("jwk-rsa"));
        KeyVaultKey ec = keys.createEcKey(new CreateEcKeyOptions("jwk-ec").setCurveName(KeyCurveName.P_384));
        Map<String, String> s = settings();
        s.put("app.rsa", "${keyvault-key::jwk-rsa#jwk}");
        s.put("app.ec", "${keyvault-key::jwk-ec#JWK}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            String rsaJson = config.getValue("app.rsa", String.class);
            String ecJson = config.getValue("app.ec", String.class);

            assertThat(rsaJson).contains("\"kty\":\"RSA\"", "\"kid\":\"" + rsa.getId() + "\"").doesNotContain("\"d\"");
            assertThat(ecJson).contains("\"kty\":\"EC\"", "\"crv\":\"P-384\"").doesNotContain("\"d\"");
            assertThat(parse(rsaJson).toRsa().getPublic()).isEqualTo(rsa.getKey().toRsa().getPublic());
            assertThat(parse(ecJson).toEc().getPublic()).isEqualTo(ec.getKey().toEc().getPublic());
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    private static JsonWebKey parse(String json) throws Exception {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return JsonWebKey.fromJson(reader);
        }
    }

    @Test
    void keyReference_aliasAndPinnedVersion_servesThatVaultAndVersion() throws Exception {
        KeyClient payments = TestItems.keys(EMULATOR.get(), "payments");
        KeyVaultKey v1 = payments.createRsaKey(new CreateRsaKeyOptions("pay-signing"));
        KeyVaultKey v2 = payments.createRsaKey(new CreateRsaKeyOptions("pay-signing"));
        Map<String, String> s = settings();
        s.put("app.old", "${keyvault-key::pay:pay-signing/" + v1.getProperties().getVersion() + "#pem}");
        s.put("app.new", "${keyvault-key::pay:pay-signing}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(TestItems.publicKey(config.getValue("app.old", String.class), "RSA"))
                    .isEqualTo(v1.getKey().toRsa().getPublic());
            assertThat(TestItems.publicKey(config.getValue("app.new", String.class), "RSA"))
                    .isEqualTo(v2.getKey().toRsa().getPublic());
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void keyReference_rotated_latestChangesAfterRefreshAndPinnedNever() throws Exception {
        KeyVaultKey v1 = keys.createRsaKey(new CreateRsaKeyOptions("rotating"));
        Map<String, String> s = settings();
        s.put("keyvault.refresh.interval", "200ms");
        s.put("app.latest", "${keyvault-key::rotating}");
        s.put("app.pinned", "${keyvault-key::rotating/" + v1.getProperties().getVersion() + "}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            String before = config.getValue("app.latest", String.class);
            String pinned = config.getValue("app.pinned", String.class);
            assertThat(before).isEqualTo(pinned);

            KeyVaultKey v2 = keys.createRsaKey(new CreateRsaKeyOptions("rotating"));

            // Each read after the interval starts a background refresh and serves the old key until it completes;
            // poll until the new one is served (an event, not a time, is awaited).
            String after = before;
            for (int i = 0; i < 200 && after.equals(before); i++) {
                Thread.sleep(50);
                after = config.getValue("app.latest", String.class);
            }
            assertThat(TestItems.publicKey(after, "RSA")).isEqualTo(v2.getKey().toRsa().getPublic());
            EMULATOR.get().resetStats();
            assertThat(config.getValue("app.pinned", String.class)).isEqualTo(pinned);
            assertThat(TestVaults.count(EMULATOR.get(), "demo", "GetKey")).isZero();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void keyReference_unknownPart_namesTheReferenceAndTheParts() {
        keys.createRsaKey(new CreateRsaKeyOptions("part-key"));
        Map<String, String> s = settings();
        s.put("app.key", "${keyvault-key::part-key#der}");

        assertThatThrownBy(() -> read(s, "app.key"))
                .hasMessageContaining("${keyvault-key::part-key#der}")
                .hasMessageContaining("unknown part '#der'")
                .hasMessageContaining("#pem").hasMessageContaining("#jwk");
    }

    @Test
    void keyReference_missingKey_namesTheKeyAndTheVault() {
        Map<String, String> s = settings();
        s.put("app.key", "${keyvault-key::no-such-key}");

        assertThatThrownBy(() -> read(s, "app.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'no-such-key' does not exist in vault default")
                .hasMessageContaining(EMULATOR.get().vaultUrl("demo").toString());
    }

    @Test
    void keyReference_unknownAlias_namesTheAlias() {
        Map<String, String> s = settings();
        s.put("app.key", "${keyvault-key::nope:some-key}");

        assertThatThrownBy(() -> read(s, "app.key"))
                .hasMessageContaining("unknown vault alias 'nope'")
                .hasMessageContaining("keyvault.vaults.nope.url");
    }

    @Test
    void publicPart_octKey_isRejectedAsSymmetric() {
        JsonWebKey oct = JsonWebKey.fromAes(new SecretKeySpec(new byte[32], "AES"));

        assertThatThrownBy(() -> PublicKeys.of(oct, "key 'aes-key' in vault default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'aes-key' in vault default is a symmetric key (oct)")
                .hasMessageContaining("reference an RSA or EC key");
    }
}
