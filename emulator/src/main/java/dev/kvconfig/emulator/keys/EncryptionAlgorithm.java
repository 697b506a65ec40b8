package dev.kvconfig.emulator.keys;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The RSA encryption algorithms of Key Vault's encrypt, decrypt, wrapKey and unwrapKey operations, with their JCA
 * ciphers. RSA-OAEP is OAEP with SHA-1 and MGF1-SHA-1; RSA-OAEP-256 uses SHA-256 for both (RFC 7518 section 4.3), which
 * the JDK's {@code OAEPWithSHA-256AndMGF1Padding} alone would not (its MGF1 stays SHA-1), hence the explicit spec.
 */
enum EncryptionAlgorithm {
    RSA_OAEP("RSA-OAEP", new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)),
    RSA_OAEP_256("RSA-OAEP-256",
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)),
    RSA1_5("RSA1_5", null);

    private final String jwaName;
    private final OAEPParameterSpec oaep;

    EncryptionAlgorithm(String jwaName, OAEPParameterSpec oaep) {
        this.jwaName = jwaName;
        this.oaep = oaep;
    }

    /** The algorithm of a JWA name, or null when the emulator does not support it. */
    static EncryptionAlgorithm named(String name) {
        for (EncryptionAlgorithm a : values()) {
            if (a.jwaName.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The supported names, for error messages. */
    static String names() {
        return Arrays.stream(values()).map(a -> a.jwaName).collect(Collectors.joining(", "));
    }

    byte[] encrypt(Key publicKey, byte[] plaintext) throws GeneralSecurityException {
        return cipher(Cipher.ENCRYPT_MODE, publicKey).doFinal(plaintext);
    }

    byte[] decrypt(Key privateKey, byte[] ciphertext) throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, privateKey).doFinal(ciphertext);
    }

    private Cipher cipher(int mode, Key key) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(oaep == null ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/OAEPPadding");
        if (oaep == null) {
            cipher.init(mode, key);
        } else {
            cipher.init(mode, key, oaep);
        }
        return cipher;
    }

    @Override
    public String toString() {
        return jwaName;
    }
}
