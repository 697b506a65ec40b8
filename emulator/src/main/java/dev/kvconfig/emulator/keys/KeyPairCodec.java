package dev.kvconfig.emulator.keys;

import dev.kvconfig.emulator.server.Json;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Key pairs in the state file, for keys and certificates alike: {@code "public"} as X.509 SubjectPublicKeyInfo and
 * {@code "private"} as PKCS#8, both DER in base64. Stateless.
 */
public final class KeyPairCodec {
    private KeyPairCodec() {
    }

    /** Puts the pair's two members into a state-file object. */
    public static void write(KeyPair pair, Map<String, Object> into) {
        Base64.Encoder b64 = Base64.getEncoder();
        into.put("public", b64.encodeToString(pair.getPublic().getEncoded()));
        into.put("private", b64.encodeToString(pair.getPrivate().getEncoded()));
    }

    /**
     * Reads the pair {@link #write} wrote.
     *
     * @param algorithm the JCA key algorithm, {@code RSA} or {@code EC}
     */
    public static KeyPair read(Map<String, Object> from, String algorithm) throws GeneralSecurityException {
        Base64.Decoder b64 = Base64.getDecoder();
        KeyFactory factory = KeyFactory.getInstance(algorithm);
        return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(b64.decode(Json.string(from, "public")))),
                factory.generatePrivate(new PKCS8EncodedKeySpec(b64.decode(Json.string(from, "private")))));
    }
}
