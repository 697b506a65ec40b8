package dev.kvconfig.source;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyType;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The public part of a Key Vault key as text: PEM (X.509 SubjectPublicKeyInfo, built by the JDK's {@link KeyFactory})
 * or a JWK with only public members. Pure functions; never touches private members of the JWK (the service does not
 * send them for asymmetric keys anyway).
 */
final class PublicKeys {

    /** JWK curve names to the JDK's standard names. P-256K (secp256k1) is left out: JDK 16+ no longer ship it. */
    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1",
            "P-521", "secp521r1");

    private PublicKeys() {
    }

    /** A key's public part; {@link #pem()} and {@link #jwk()} are public material, safe to show. */
    record PublicPart(String kid, PublicKey key, String jwk) {
        String pem() {
            return Pem.encode("PUBLIC KEY", key.getEncoded());
        }
    }

    /**
     * Builds the public part of an RSA or EC key.
     *
     * @param what the item for messages, e.g. {@code key 'jwt-signing' in vault default (https://…/)}
     * @throws IllegalArgumentException for a symmetric (oct) key, an unknown key type or a curve this JVM lacks
     */
    static PublicPart of(JsonWebKey jwk, String what) {
        KeyType type = jwk.getKeyType();
        if (KeyType.RSA.equals(type) || KeyType.RSA_HSM.equals(type)) {
            return rsa(jwk, what);
        }
        if (KeyType.EC.equals(type) || KeyType.EC_HSM.equals(type)) {
            return ec(jwk, what);
        }
        if (KeyType.OCT.equals(type) || KeyType.OCT_HSM.equals(type)) {
            throw new IllegalArgumentException(what + " is a symmetric key (" + type + "): it has no public part to "
                    + "serve; reference an RSA or EC key");
        }
        throw new IllegalArgumentException(what + " has key type " + type + ", which has no public part kvconfig can "
                + "serve; reference an RSA or EC key");
    }

    private static PublicPart rsa(JsonWebKey jwk, String what) {
        if (jwk.getN() == null || jwk.getE() == null) {
            throw new IllegalArgumentException(what + ": the vault returned an RSA key without n or e");
        }
        BigInteger n = new BigInteger(1, jwk.getN());
        BigInteger e = new BigInteger(1, jwk.getE());
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            String json = "{\"kty\":\"RSA\"" + kid(jwk) + ",\"n\":\"" + b64(unsigned(n)) + "\",\"e\":\""
                    + b64(unsigned(e)) + "\"}";
            return new PublicPart(jwk.getId(), key, json);
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException(what + ": the RSA public key cannot be built (" + ex.getMessage() + ")",
                    ex);
        }
    }

    private static PublicPart ec(JsonWebKey jwk, String what) {
        KeyCurveName curve = jwk.getCurveName();
        String jdkCurve = curve == null ? null : CURVES.get(curve.toString());
        if (jdkCurve == null) {
            throw new IllegalArgumentException(what + " is on curve " + curve + ", which this JVM cannot build; use "
                    + "P-256, P-384 or P-521");
        }
        if (jwk.getX() == null || jwk.getY() == null) {
            throw new IllegalArgumentException(what + ": the vault returned an EC key without x or y");
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(jdkCurve));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(new BigInteger(1, jwk.getX()), new BigInteger(1, jwk.getY()));
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
            int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
            String json = "{\"kty\":\"EC\"" + kid(jwk) + ",\"crv\":\"" + curve + "\",\"x\":\""
                    + b64(fixed(point.getAffineX(), size)) + "\",\"y\":\"" + b64(fixed(point.getAffineY(), size))
                    + "\"}";
            return new PublicPart(jwk.getId(), key, json);
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException(what + ": the EC public key cannot be built (" + ex.getMessage() + ")",
                    ex);
        }
    }

    private static String kid(JsonWebKey jwk) {
        return jwk.getId() == null ? "" : ",\"kid\":\"" + jsonEscape(jwk.getId()) + "\"";
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Big-endian without a sign byte (RFC 7518: n and e carry no leading zero octets). */
    private static byte[] unsigned(BigInteger value) {
        byte[] b = value.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** Big-endian, left-padded to the curve's size (RFC 7518: x and y are the full field length). */
    private static byte[] fixed(BigInteger value, int size) {
        byte[] b = unsigned(value);
        if (b.length >= size) {
            return b;
        }
        byte[] out = new byte[size];
        System.arraycopy(b, 0, out, size - b.length, b.length);
        return out;
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
