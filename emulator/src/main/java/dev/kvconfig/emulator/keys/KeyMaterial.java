package dev.kvconfig.emulator.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A key pair with its JSON Web Key type and curve. Only the public half ever leaves the emulator (in JWKs); the private
 * half signs. No {@code toString()} of key material.
 */
record KeyMaterial(String kty, String curve, KeyPair keyPair) {
    static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);
    static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
    static final List<String> RSA_OPS = List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");
    static final List<String> EC_OPS = List.of("sign", "verify");

    static KeyMaterial generateRsa(String kty, int size, BigInteger exponent) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(size, exponent));
            return new KeyMaterial(kty, null, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA " + size + " key", e);
        }
    }

    static KeyMaterial generateEc(String kty, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVES.get(curve)));
            return new KeyMaterial(kty, curve, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC " + curve + " key", e);
        }
    }

    /** Wraps an existing pair (a certificate's key); the type and curve come from the public key. */
    static KeyMaterial of(KeyPair pair) {
        PublicKey key = pair.getPublic();
        if (key instanceof RSAPublicKey) {
            return new KeyMaterial("RSA", null, pair);
        }
        if (key instanceof ECPublicKey ec) {
            return new KeyMaterial("EC", curveOf(ec), pair);
        }
        throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    }

    static String curveOf(ECPublicKey key) {
        int bits = key.getParams().getCurve().getField().getFieldSize();
        return switch (bits) {
            case 256 -> "P-256";
            case 384 -> "P-384";
            case 521 -> "P-521";
            default -> throw new IllegalArgumentException("unsupported EC curve of " + bits + " bits");
        };
    }

    boolean isRsa() {
        return kty.toUpperCase(Locale.ROOT).startsWith("RSA");
    }

    int rsaBits() {
        return ((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength();
    }

    /** The public JWK members in Key Vault's order: {@code kid, kty, key_ops, n, e} or {@code kid, kty, key_ops, crv, x, y}. */
    Map<String, Object> publicJwk(String kid, List<String> keyOps) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid);
        jwk.put("kty", kty);
        jwk.put("key_ops", keyOps);
        if (isRsa()) {
            RSAPublicKey rsa = (RSAPublicKey) keyPair.getPublic();
            jwk.put("n", base64Url(unsigned(rsa.getModulus(), 0)));
            jwk.put("e", base64Url(unsigned(rsa.getPublicExponent(), 0)));
        } else {
            ECPublicKey ec = (ECPublicKey) keyPair.getPublic();
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("crv", curve);
            jwk.put("x", base64Url(unsigned(ec.getW().getAffineX(), size)));
            jwk.put("y", base64Url(unsigned(ec.getW().getAffineY(), size)));
        }
        return jwk;
    }

    /** Big-endian magnitude without a sign byte, left-padded to {@code length} when that is positive. */
    static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        int size = bytes.length - start;
        int target = Math.max(length, size);
        byte[] out = new byte[target];
        System.arraycopy(bytes, start, out, target - size, size);
        return out;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "KeyMaterial[kty=" + kty + (curve == null ? "" : ", crv=" + curve) + "]";
    }
}
