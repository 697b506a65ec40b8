package dev.kvconfig.emulator.keys;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Encrypt, decrypt, wrapKey and unwrapKey through the Java CryptographyClient. The client encrypts and wraps locally
 * with the public key when it has it, so the tests also encrypt with the JDK alone and let the emulator decrypt: the
 * emulator's ciphers agree with RFC 7518's, not merely with themselves.
 */
@ExtendWith(KeyVaultEmulatorExtension.class)
class KeyEncryptionTest {
    private static final byte[] PLAINTEXT = "the payroll key".getBytes(StandardCharsets.UTF_8);
    private static KeyVaultEmulator emulator;
    private static KeyClient client;

    @BeforeAll
    static void client(KeyVaultEmulator started) {
        emulator = started;
        client = new KeyClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(EmulatorClients.httpClient(emulator))
                .retryOptions(EmulatorClients.quickRetries(1)).disableChallengeResourceVerification().buildClient();
    }

    private static CryptographyClient crypto(KeyVaultKey key) {
        return new CryptographyClientBuilder().keyIdentifier(key.getId()).credential(emulator.credential())
                .httpClient(EmulatorClients.httpClient(emulator)).retryOptions(EmulatorClients.quickRetries(1))
                .disableChallengeResourceVerification().buildClient();
    }

    /** RFC 7518 section 4.2/4.3 with the JDK, independent of the emulator. */
    private static byte[] jdkEncrypt(KeyVaultKey key, String alg) throws Exception {
        Cipher cipher;
        if (alg.equals("RSA1_5")) {
            cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key.getKey().toRsa().getPublic());
        } else {
            boolean sha256 = alg.equals("RSA-OAEP-256");
            cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.getKey().toRsa().getPublic(), new OAEPParameterSpec(
                    sha256 ? "SHA-256" : "SHA-1", "MGF1", sha256 ? MGF1ParameterSpec.SHA256 : MGF1ParameterSpec.SHA1,
                    PSource.PSpecified.DEFAULT));
        }
        return cipher.doFinal(PLAINTEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA-OAEP", "RSA-OAEP-256", "RSA1_5"})
    void decrypt_jdkCiphertext_returnsPlaintext(String alg) throws Exception {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("enc-" + alg.toLowerCase().replace('_', '-')));

        byte[] plaintext = crypto(key).decrypt(EncryptionAlgorithm.fromString(alg), jdkEncrypt(key, alg))
                .getPlainText();

        assertThat(plaintext).isEqualTo(PLAINTEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA-OAEP", "RSA-OAEP-256", "RSA1_5"})
    void encryptThenDecrypt_throughTheClient_roundTrips(String alg) {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("round-" + alg.toLowerCase().replace('_', '-')));
        CryptographyClient crypto = crypto(key);
        EncryptionAlgorithm algorithm = EncryptionAlgorithm.fromString(alg);

        byte[] ciphertext = crypto.encrypt(algorithm, PLAINTEXT).getCipherText();

        assertThat(crypto.decrypt(algorithm, ciphertext).getPlainText()).isEqualTo(PLAINTEXT);
    }

    @Test
    void wrapThenUnwrap_aesKey_roundTrips() {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("kek"));
        byte[] aesKey = new byte[32];
        new java.security.SecureRandom().nextBytes(aesKey);
        CryptographyClient crypto = crypto(key);

        byte[] wrapped = crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, aesKey).getEncryptedKey();

        assertThat(crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped).getKey()).isEqualTo(aesKey);
        assertThat(emulator.stats().vault("demo").operation("UnwrapKey")).isPositive();
    }

    @Test
    void decrypt_disabledKey_isForbidden() throws Exception {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("disabled-enc"));
        byte[] ciphertext = jdkEncrypt(key, "RSA-OAEP");
        client.updateKeyProperties(key.getProperties().setEnabled(false));

        assertThatThrownBy(() -> crypto(key).decrypt(EncryptionAlgorithm.RSA_OAEP, ciphertext))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("disabled");
                });
    }

    @Test
    void decrypt_keyOpsWithoutDecrypt_isForbidden() throws Exception {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("sign-only")
                .setKeyOperations(KeyOperation.SIGN, KeyOperation.VERIFY, KeyOperation.ENCRYPT));
        byte[] ciphertext = jdkEncrypt(key, "RSA-OAEP");

        assertThatThrownBy(() -> crypto(key).decrypt(EncryptionAlgorithm.RSA_OAEP, ciphertext))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("key_ops");
                });
    }

    @Test
    void decrypt_ciphertextOfOtherAlgorithm_isBadParameter() throws Exception {
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions("mixed-up"));
        byte[] ciphertext = jdkEncrypt(key, "RSA-OAEP-256");

        assertThatThrownBy(() -> crypto(key).decrypt(EncryptionAlgorithm.RSA_OAEP, ciphertext))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
    }
}
