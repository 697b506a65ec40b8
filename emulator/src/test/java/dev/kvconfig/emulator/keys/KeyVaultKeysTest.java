package dev.kvconfig.emulator.keys;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyVaultKeysTest {
    private static final String BASE = "https://localhost:8443";
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final KeyVaultKeys keys = new KeyVaultKeys(Clock.fixed(NOW, ZoneOffset.UTC));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Reply reply) {
        return (Map<String, Object>) Json.parse(reply.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jwk(Reply reply) {
        return (Map<String, Object>) json(reply).get("key");
    }

    @SuppressWarnings("unchecked")
    private static String errorCode(Reply reply) {
        return (String) ((Map<String, Object>) json(reply).get("error")).get("code");
    }

    private static byte[] b64u(Object text) {
        return Base64.getUrlDecoder().decode((String) text);
    }

    private static String b64u(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static PublicKey publicKey(Map<String, Object> jwk) throws Exception {
        if ("RSA".equals(jwk.get("kty")) || "RSA-HSM".equals(jwk.get("kty"))) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, b64u(jwk.get("n"))), new BigInteger(1, b64u(jwk.get("e")))));
        }
        String curve = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1").get(jwk.get("crv"));
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, b64u(jwk.get("x"))), new BigInteger(1, b64u(jwk.get("y"))));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    @Test
    void create_rsa_returnsPublicJwkWithoutPadding() {
        Reply reply = keys.create(BASE, "rsa-1", "{\"kty\":\"RSA\",\"key_size\":3072,\"tags\":{\"team\":\"a\"}}");

        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> key = jwk(reply);
        assertThat((String) key.get("kid")).matches("https://localhost:8443/keys/rsa-1/[0-9a-f]{32}");
        assertThat(key).containsEntry("kty", "RSA").containsEntry("e", "AQAB")
                .containsEntry("key_ops", List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"))
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
        assertThat((String) key.get("n")).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        assertThat(b64u(key.get("n"))).hasSize(384);
        assertThat(json(reply)).containsEntry("tags", Map.of("team", "a"));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) json(reply).get("attributes");
        assertThat(attributes).containsEntry("enabled", true).containsEntry("recoveryLevel", "Recoverable+Purgeable");
        assertThat(((Number) attributes.get("created")).longValue()).isEqualTo(NOW.getEpochSecond());
    }

    @ParameterizedTest
    @CsvSource({"P-256,32", "P-384,48", "P-521,66"})
    void create_ec_returnsFixedLengthCoordinates(String curve, int length) {
        Reply reply = keys.create(BASE, "ec-" + length, "{\"kty\":\"EC\",\"crv\":\"" + curve + "\"}");

        Map<String, Object> key = jwk(reply);
        assertThat(key).containsEntry("kty", "EC").containsEntry("crv", curve)
                .containsEntry("key_ops", List.of("sign", "verify")).doesNotContainKey("d");
        assertThat(b64u(key.get("x"))).hasSize(length);
        assertThat(b64u(key.get("y"))).hasSize(length);
    }

    @Test
    void create_unsupportedSize_isBadParameter() {
        Reply reply = keys.create(BASE, "k", "{\"kty\":\"RSA\",\"key_size\":1024}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(errorCode(reply)).isEqualTo("BadParameter");
        assertThat(reply.body()).contains("2048, 3072 or 4096");
    }

    @Test
    void create_octKey_isBadParameter() {
        assertThat(keys.create(BASE, "k", "{\"kty\":\"oct\"}").status()).isEqualTo(400);
    }

    @Test
    void create_invalidName_isBadParameter() {
        assertThat(errorCode(keys.create(BASE, "bad_name", "{\"kty\":\"RSA\"}"))).isEqualTo("BadParameter");
    }

    @Test
    void create_malformedJson_isBadParameter() {
        assertThat(keys.create(BASE, "k", "{nope").status()).isEqualTo(400);
    }

    @Test
    void get_unknownKey_isKeyNotFound() {
        Reply reply = keys.get(BASE, "missing", "");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(errorCode(reply)).isEqualTo("KeyNotFound");
    }

    @Test
    void get_emptyVersion_returnsLatestAndOlderByVersion() {
        String first = (String) jwk(keys.create(BASE, "Multi", "{\"kty\":\"EC\"}")).get("kid");
        String second = (String) jwk(keys.create(BASE, "multi", "{\"kty\":\"EC\"}")).get("kid");

        assertThat(jwk(keys.get(BASE, "MULTI", "")).get("kid")).isEqualTo(second);
        String firstVersion = first.substring(first.lastIndexOf('/') + 1);
        assertThat(jwk(keys.get(BASE, "multi", firstVersion)).get("kid")).isEqualTo(first);
    }

    @ParameterizedTest
    @CsvSource({"RSA,2048,RS256,SHA-256", "RSA,2048,RS384,SHA-384", "RSA,4096,RS512,SHA-512",
            "EC,P-256,ES256,SHA-256", "EC,P-384,ES384,SHA-384", "EC,P-521,ES512,SHA-512"})
    void sign_digest_verifiesWithJdkAgainstPublicJwk(String kty, String sizeOrCurve, String alg, String hash)
            throws Exception {
        String create = kty.equals("RSA") ? "{\"kty\":\"RSA\",\"key_size\":" + sizeOrCurve + "}"
                : "{\"kty\":\"EC\",\"crv\":\"" + sizeOrCurve + "\"}";
        Map<String, Object> jwk = jwk(keys.create(BASE, "k", create));
        byte[] data = "payload".getBytes();
        byte[] digest = MessageDigest.getInstance(hash).digest(data);

        Reply signed = keys.sign(BASE, "k", "", "{\"alg\":\"" + alg + "\",\"value\":\"" + b64u(digest) + "\"}");

        assertThat(signed.status()).isEqualTo(200);
        assertThat(json(signed)).containsEntry("kid", jwk.get("kid"));
        byte[] signature = b64u(json(signed).get("value"));
        String jdk = kty.equals("RSA") ? hash.replace("-", "") + "withRSA"
                : hash.replace("-", "") + "withECDSAinP1363Format";
        Signature verifier = Signature.getInstance(jdk);
        verifier.initVerify(publicKey(jwk));
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
        Reply verified = keys.verify(BASE, "k", "", "{\"alg\":\"" + alg + "\",\"digest\":\"" + b64u(digest)
                + "\",\"value\":\"" + b64u(signature) + "\"}");
        assertThat(json(verified)).containsEntry("value", true);
    }

    @Test
    void sign_ps256_verifiesWithJdkPss() throws Exception {
        Map<String, Object> jwk = jwk(keys.create(BASE, "pss", "{\"kty\":\"RSA\"}"));
        byte[] data = "payload".getBytes();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);

        Reply signed = keys.sign(BASE, "pss", null, "{\"alg\":\"PS256\",\"value\":\"" + b64u(digest) + "\"}");

        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        verifier.initVerify(publicKey(jwk));
        verifier.update(data);
        assertThat(verifier.verify(b64u(json(signed).get("value")))).isTrue();
    }

    @Test
    void verify_tamperedDigest_isFalse() throws Exception {
        keys.create(BASE, "k", "{\"kty\":\"EC\"}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("a".getBytes());
        String signature = (String) json(keys.sign(BASE, "k", "", "{\"alg\":\"ES256\",\"value\":\"" + b64u(digest)
                + "\"}")).get("value");
        byte[] other = MessageDigest.getInstance("SHA-256").digest("b".getBytes());

        Reply reply = keys.verify(BASE, "k", "", "{\"alg\":\"ES256\",\"digest\":\"" + b64u(other)
                + "\",\"value\":\"" + signature + "\"}");

        assertThat(json(reply)).containsEntry("value", false);
    }

    @Test
    void sign_wrongDigestLength_isBadParameter() {
        keys.create(BASE, "k", "{\"kty\":\"RSA\"}");

        Reply reply = keys.sign(BASE, "k", "", "{\"alg\":\"RS256\",\"value\":\"" + b64u(new byte[20]) + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("32-byte digest");
    }

    @Test
    void sign_curveMismatch_isBadParameter() {
        keys.create(BASE, "k", "{\"kty\":\"EC\",\"crv\":\"P-384\"}");

        Reply reply = keys.sign(BASE, "k", "", "{\"alg\":\"ES256\",\"value\":\"" + b64u(new byte[32]) + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("P-256");
    }

    @Test
    void sign_disabledKey_isForbidden() {
        keys.create(BASE, "k", "{\"kty\":\"RSA\",\"attributes\":{\"enabled\":false}}");

        Reply reply = keys.sign(BASE, "k", "", "{\"alg\":\"RS256\",\"value\":\"" + b64u(new byte[32]) + "\"}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(errorCode(reply)).isEqualTo("Forbidden");
    }

    @Test
    void list_moreThanPage_followsNextLink() {
        for (int i = 0; i < 27; i++) {
            keys.create(BASE, "k" + i, "{\"kty\":\"EC\"}");
        }

        Map<String, Object> first = json(keys.list(BASE, "7.5", null, null));
        assertThat((List<?>) first.get("value")).hasSize(25);
        String next = (String) first.get("nextLink");
        assertThat(next).startsWith(BASE + "/keys?api-version=7.5&$skiptoken=");
        String token = next.substring(next.indexOf("$skiptoken=") + 11, next.indexOf("&maxresults"));
        Map<String, Object> second = json(keys.list(BASE, "7.5", "25", token));
        assertThat((List<?>) second.get("value")).hasSize(2);
        assertThat(second.get("nextLink")).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) ((List<?>) first.get("value")).get(0);
        assertThat((String) item.get("kid")).isEqualTo(BASE + "/keys/k0");
    }

    @Test
    void listVersions_twoVersions_listsBoth() {
        keys.create(BASE, "v", "{\"kty\":\"EC\"}");
        keys.create(BASE, "v", "{\"kty\":\"EC\"}");

        assertThat((List<?>) json(keys.listVersions(BASE, "v", "7.5", null, null)).get("value")).hasSize(2);
    }

    @Test
    void update_disablesAndTags_keepsMaterial() {
        Map<String, Object> created = jwk(keys.create(BASE, "u", "{\"kty\":\"EC\"}"));

        Reply reply = keys.update(BASE, "u", "", "{\"attributes\":{\"enabled\":false},\"tags\":{\"a\":\"b\"}}");

        assertThat(jwk(reply)).containsEntry("x", created.get("x"));
        assertThat(json(reply)).containsEntry("tags", Map.of("a", "b"));
        assertThat(json(keys.get(BASE, "u", "")).get("attributes").toString()).contains("enabled=false");
    }

    @Test
    void delete_thenCreateSameName_isConflictUntilPurged() {
        keys.create(BASE, "d", "{\"kty\":\"EC\"}");

        Reply deletedReply = keys.delete(BASE, "d");

        assertThat(json(deletedReply)).containsEntry("recoveryId", BASE + "/deletedkeys/d").containsKey("key");
        assertThat(keys.get(BASE, "d", "").status()).isEqualTo(404);
        assertThat(keys.getDeleted(BASE, "d").status()).isEqualTo(200);
        assertThat(keys.create(BASE, "d", "{\"kty\":\"EC\"}").status()).isEqualTo(409);
        assertThat(keys.purgeDeleted("d").status()).isEqualTo(204);
        assertThat(keys.create(BASE, "d", "{\"kty\":\"EC\"}").status()).isEqualTo(200);
    }

    @Test
    void recoverDeleted_restoresKey() {
        keys.create(BASE, "r", "{\"kty\":\"EC\"}");
        keys.delete(BASE, "r");

        assertThat(keys.recoverDeleted(BASE, "r").status()).isEqualTo(200);
        assertThat(keys.get(BASE, "r", "").status()).isEqualTo(200);
    }
}
