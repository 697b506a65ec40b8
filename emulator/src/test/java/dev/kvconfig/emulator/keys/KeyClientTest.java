package dev.kvconfig.emulator.keys;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.SignResult;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KeyClient and CryptographyClient against the emulator over HTTPS (one vault "demo"). */
@ExtendWith(KeyVaultEmulatorExtension.class)
class KeyClientTest {
    private static final byte[] DATA = "sign me".getBytes(StandardCharsets.UTF_8);
    private static KeyVaultEmulator emulator;
    private static KeyClient client;

    @BeforeAll
    static void client(KeyVaultEmulator started) {
        emulator = started;
        client = new KeyClientBuilder()
                .vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential())
                .httpClient(EmulatorClients.httpClient(emulator))
                .retryOptions(EmulatorClients.quickRetries(2))
                .disableChallengeResourceVerification()
                .buildClient();
    }

    private static CryptographyClient crypto(KeyVaultKey key) {
        return new CryptographyClientBuilder()
                .keyIdentifier(key.getId())
                .credential(emulator.credential())
                .httpClient(EmulatorClients.httpClient(emulator))
                .retryOptions(EmulatorClients.quickRetries(2))
                .disableChallengeResourceVerification()
                .buildClient();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void createRsaKey_thenGet_returnsPublicJwk() {
        KeyVaultKey created = client.createRsaKey(new CreateRsaKeyOptions("rsa-key").setKeySize(3072)
                .setTags(Map.of("team", "payments")));

        KeyVaultKey fetched = client.getKey("rsa-key");

        assertThat(fetched.getId()).isEqualTo(created.getId()).startsWith(emulator.vaultUrl("demo") + "keys/rsa-key/");
        assertThat(fetched.getKeyType()).isEqualTo(KeyType.RSA);
        assertThat(fetched.getKeyOperations()).contains(KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(fetched.getKey().hasPrivateKey()).isFalse();
        assertThat(((RSAPublicKey) fetched.getKey().toRsa().getPublic()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(fetched.getProperties().getTags()).containsEntry("team", "payments");
        assertThat(fetched.getProperties().isEnabled()).isTrue();
        assertThat(fetched.getProperties().getCreatedOn()).isNotNull();
    }

    @Test
    void createEcKey_p256_returnsCurveAndVersionedId() {
        KeyVaultKey created = client.createEcKey(new CreateEcKeyOptions("ec-key").setCurveName(KeyCurveName.P_256));

        assertThat(created.getKeyType()).isEqualTo(KeyType.EC);
        assertThat(created.getKey().getCurveName()).isEqualTo(KeyCurveName.P_256);
        assertThat(created.getProperties().getVersion()).matches("[0-9a-f]{32}");
        assertThat(client.getKey("ec-key", created.getProperties().getVersion()).getId()).isEqualTo(created.getId());
    }

    @Test
    void listPropertiesOfKeys_andVersions_seeEveryKeyAndVersion() {
        client.createEcKey(new CreateEcKeyOptions("listed-a"));
        client.createEcKey(new CreateEcKeyOptions("listed-a"));
        client.createEcKey(new CreateEcKeyOptions("listed-b"));

        assertThat(client.listPropertiesOfKeys().stream().map(KeyProperties::getName))
                .contains("listed-a", "listed-b");
        assertThat(client.listPropertiesOfKeyVersions("listed-a").stream().count()).isEqualTo(2);
        assertThat(emulator.stats().vault("demo").operation("GetKeyVersions")).isPositive();
    }

    @Test
    void sign_rs256_verifiesInVaultAndWithJdk() throws Exception {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("rs256-key"));
        CryptographyClient crypto = crypto(key);

        SignResult signed = crypto.sign(SignatureAlgorithm.RS256, sha256(DATA));

        assertThat(signed.getKeyId()).isEqualTo(key.getId());
        assertThat(crypto.verify(SignatureAlgorithm.RS256, sha256(DATA), signed.getSignature()).isValid()).isTrue();
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(key.getKey().toRsa().getPublic());
        jdk.update(DATA);
        assertThat(jdk.verify(signed.getSignature())).isTrue();
        assertThat(emulator.stats().vault("demo").operation("Sign")).isEqualTo(1);
    }

    @Test
    void sign_es256_isRawRsAndVerifiesWithJdk() throws Exception {
        KeyVaultKey key = client.createEcKey(new CreateEcKeyOptions("es256-key").setCurveName(KeyCurveName.P_256));
        CryptographyClient crypto = crypto(key);

        SignResult signed = crypto.signData(SignatureAlgorithm.ES256, DATA);

        assertThat(signed.getSignature()).hasSize(64);
        assertThat(crypto.verifyData(SignatureAlgorithm.ES256, DATA, signed.getSignature()).isValid()).isTrue();
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(key.getKey().toEc().getPublic());
        jdk.update(DATA);
        assertThat(jdk.verify(signed.getSignature())).isTrue();
        byte[] tampered = signed.getSignature().clone();
        tampered[10] ^= 1;
        assertThat(crypto.verifyData(SignatureAlgorithm.ES256, DATA, tampered).isValid()).isFalse();
    }

    @Test
    void getKey_unknown_isResourceNotFound() {
        assertThatThrownBy(() -> client.getKey("no-such-key")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("KeyNotFound");
    }

    @Test
    void beginDeleteKey_thenPurge_freesTheName() {
        client.createEcKey(new CreateEcKeyOptions("doomed"));

        SyncPoller<DeletedKey, Void> poller = client.beginDeleteKey("doomed");
        poller.setPollInterval(Duration.ofMillis(20));
        DeletedKey deleted = poller.waitForCompletion().getValue();
        client.purgeDeletedKey("doomed");

        assertThat(deleted.getRecoveryId()).endsWith("/deletedkeys/doomed");
        assertThat(client.createEcKey(new CreateEcKeyOptions("doomed")).getName()).isEqualTo("doomed");
    }
}
