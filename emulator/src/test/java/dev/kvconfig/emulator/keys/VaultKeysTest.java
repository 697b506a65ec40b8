package dev.kvconfig.emulator.keys;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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

class VaultKeysTest {
    private static final String BASE = "https://localhost:8443";
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final VaultKeys keys = new VaultKeys(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, Object> req(String json) {
        return Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jwk(Map<String, Object> bundle) {
        return (Map<String, Object>) bundle.get("key");
    }

    private static ServiceError error(ThrowingCallable call) {
        try {
            call.call();
        } catch (ServiceError e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a ServiceError", t);
        }
        throw new AssertionError("expected a ServiceError, got none");
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
        var reply = keys.create(BASE, "rsa-1",
                req("{\"kty\":\"RSA\",\"key_size\":3072,\"tags\":{\"team\":\"a\"}}"));

        Map<String, Object> key = jwk(reply);
        assertThat((String) key.get("kid")).matches("https://localhost:8443/keys/rsa-1/[0-9a-f]{32}");
        assertThat(key).containsEntry("kty", "RSA").containsEntry("e", "AQAB")
                .containsEntry("key_ops", List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"))
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
        assertThat((String) key.get("n")).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        assertThat(b64u(key.get("n"))).hasSize(384);
        assertThat((reply)).containsEntry("tags", Map.of("team", "a"));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) (reply).get("attributes");
        assertThat(attributes).containsEntry("enabled", true).containsEntry("recoveryLevel", "Recoverable+Purgeable");
        assertThat(((Number) attributes.get("created")).longValue()).isEqualTo(NOW.getEpochSecond());
    }

    @ParameterizedTest
    @CsvSource({"P-256,32", "P-384,48", "P-521,66"})
    void create_ec_returnsFixedLengthCoordinates(String curve, int length) {
        var reply = keys.create(BASE, "ec-" + length, req("{\"kty\":\"EC\",\"crv\":\"" + curve + "\"}"));

        Map<String, Object> key = jwk(reply);
        assertThat(key).containsEntry("kty", "EC").containsEntry("crv", curve)
                .containsEntry("key_ops", List.of("sign", "verify")).doesNotContainKey("d");
        assertThat(b64u(key.get("x"))).hasSize(length);
        assertThat(b64u(key.get("y"))).hasSize(length);
    }

    @Test
    void create_unsupportedSize_isBadParameter() {
        ServiceError e = error(() -> keys.create(BASE, "k", req("{\"kty\":\"RSA\",\"key_size\":1024}")));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("BadParameter");
        assertThat(e.getMessage()).contains("2048, 3072 or 4096");
    }

    @Test
    void create_octKey_isBadParameter() {
        assertThat(error(() -> keys.create(BASE, "k", req("{\"kty\":\"oct\"}"))).status()).isEqualTo(400);
    }

    @Test
    void create_invalidName_isBadParameter() {
        assertThat(error(() -> keys.create(BASE, "bad_name", req("{\"kty\":\"RSA\"}"))).code())
                .isEqualTo("BadParameter");
    }

    @Test
    void create_curveNotAString_isBadParameter() {
        assertThat(error(() -> keys.create(BASE, "k", req("{\"kty\":\"EC\",\"crv\":7}"))).status()).isEqualTo(400);
    }

    @Test
    void get_unknownKey_isKeyNotFound() {
        ServiceError e = error(() -> keys.get(BASE, "missing", ""));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.code()).isEqualTo("KeyNotFound");
    }

    @Test
    void get_emptyVersion_returnsLatestAndOlderByVersion() {
        String first = (String) jwk(keys.create(BASE, "Multi", req("{\"kty\":\"EC\"}"))).get("kid");
        String second = (String) jwk(keys.create(BASE, "multi", req("{\"kty\":\"EC\"}"))).get("kid");

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
        Map<String, Object> jwk = jwk(keys.create(BASE, "k", req(create)));
        byte[] data = "payload".getBytes();
        byte[] digest = MessageDigest.getInstance(hash).digest(data);

        var signed = keys.sign(BASE, "k", "", req("{\"alg\":\"" + alg + "\",\"value\":\"" + b64u(digest) + "\"}"));

        assertThat((signed)).containsEntry("kid", jwk.get("kid"));
        byte[] signature = b64u((signed).get("value"));
        String jdk = kty.equals("RSA") ? hash.replace("-", "") + "withRSA"
                : hash.replace("-", "") + "withECDSAinP1363Format";
        Signature verifier = Signature.getInstance(jdk);
        verifier.initVerify(publicKey(jwk));
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
        var verified = keys.verify(BASE, "k", "", req("{\"alg\":\"" + alg + "\",\"digest\":\"" + b64u(digest)
                + "\",\"value\":\"" + b64u(signature) + "\"}"));
        assertThat((verified)).containsEntry("value", true);
    }

    @Test
    void sign_ps256_verifiesWithJdkPss() throws Exception {
        Map<String, Object> jwk = jwk(keys.create(BASE, "pss", req("{\"kty\":\"RSA\"}")));
        byte[] data = "payload".getBytes();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);

        var signed = keys.sign(BASE, "pss", null, req("{\"alg\":\"PS256\",\"value\":\"" + b64u(digest) + "\"}"));

        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        verifier.initVerify(publicKey(jwk));
        verifier.update(data);
        assertThat(verifier.verify(b64u((signed).get("value")))).isTrue();
    }

    @Test
    void verify_tamperedDigest_isFalse() throws Exception {
        keys.create(BASE, "k", req("{\"kty\":\"EC\"}"));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("a".getBytes());
        String signature = (String) (keys.sign(BASE, "k", "", req("{\"alg\":\"ES256\",\"value\":\"" + b64u(digest)
                + "\"}"))).get("value");
        byte[] other = MessageDigest.getInstance("SHA-256").digest("b".getBytes());

        var reply = keys.verify(BASE, "k", "", req("{\"alg\":\"ES256\",\"digest\":\"" + b64u(other)
                + "\",\"value\":\"" + signature + "\"}"));

        assertThat((reply)).containsEntry("value", false);
    }

    @Test
    void sign_wrongDigestLength_isBadParameter() {
        keys.create(BASE, "k", req("{\"kty\":\"RSA\"}"));

        ServiceError reply = error(() -> keys.sign(BASE, "k", "",
                req("{\"alg\":\"RS256\",\"value\":\"" + b64u(new byte[20]) + "\"}")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.getMessage()).contains("32-byte digest");
    }

    @Test
    void sign_curveMismatch_isBadParameter() {
        keys.create(BASE, "k", req("{\"kty\":\"EC\",\"crv\":\"P-384\"}"));

        ServiceError reply = error(() -> keys.sign(BASE, "k", "",
                req("{\"alg\":\"ES256\",\"value\":\"" + b64u(new byte[32]) + "\"}")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.getMessage()).contains("P-256");
    }

    @Test
    void sign_disabledKey_isForbidden() {
        keys.create(BASE, "k", req("{\"kty\":\"RSA\",\"attributes\":{\"enabled\":false}}"));

        ServiceError reply = error(() -> keys.sign(BASE, "k", "",
                req("{\"alg\":\"RS256\",\"value\":\"" + b64u(new byte[32]) + "\"}")));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("Forbidden");
        assertThat(reply.innerCode()).isEqualTo("KeyDisabled");
    }

    @Test
    void latestOfEach_twoKeysTwoVersions_listsLatestByName() {
        keys.create(BASE, "b", req("{\"kty\":\"EC\"}"));
        keys.create(BASE, "a", req("{\"kty\":\"EC\"}"));
        String latest = (String) jwk(keys.create(BASE, "A", req("{\"kty\":\"EC\"}"))).get("kid");

        List<KeyVersion> all = keys.latestOfEach();

        assertThat(all).extracting(KeyVersion::name).containsExactly("a", "b");
        assertThat(VaultKeys.kid(BASE, all.get(0))).isEqualTo(latest);
        assertThat(VaultKeys.item(BASE + "/keys/a", all.get(0))).containsEntry("kid", BASE + "/keys/a")
                .containsKeys("attributes", "tags");
        assertThat(keys.versions("a")).hasSize(2);
    }

    @Test
    void versions_unknownKey_isKeyNotFound() {
        assertThat(error(() -> keys.versions("nope")).code()).isEqualTo("KeyNotFound");
    }

    @Test
    void update_disablesAndTags_keepsMaterial() {
        Map<String, Object> created = jwk(keys.create(BASE, "u", req("{\"kty\":\"EC\"}")));

        var reply = keys.update(BASE, "u", "", req("{\"attributes\":{\"enabled\":false},\"tags\":{\"a\":\"b\"}}"));

        assertThat(jwk(reply)).containsEntry("x", created.get("x"));
        assertThat((reply)).containsEntry("tags", Map.of("a", "b"));
        assertThat((keys.get(BASE, "u", "")).get("attributes").toString()).contains("enabled=false");
    }

    @Test
    void delete_thenCreateSameName_isConflictUntilPurged() {
        keys.create(BASE, "d", req("{\"kty\":\"EC\"}"));

        var deletedReply = keys.delete(BASE, "d");

        assertThat((deletedReply)).containsEntry("recoveryId", BASE + "/deletedkeys/d").containsKey("key");
        assertThat(error(() -> keys.get(BASE, "d", "")).status()).isEqualTo(404);
        assertThat(keys.getDeleted(BASE, "d")).containsKey("deletedDate");
        assertThat(error(() -> keys.create(BASE, "d", req("{\"kty\":\"EC\"}"))).status()).isEqualTo(409);
        keys.purgeDeleted("d");
        assertThat(keys.create(BASE, "d", req("{\"kty\":\"EC\"}"))).containsKey("key");
    }

    @Test
    void recoverDeleted_restoresKey() {
        keys.create(BASE, "r", req("{\"kty\":\"EC\"}"));
        keys.delete(BASE, "r");

        assertThat(keys.recoverDeleted(BASE, "r")).containsKey("key");
        assertThat(keys.get(BASE, "r", "")).containsKey("key");
    }
}
