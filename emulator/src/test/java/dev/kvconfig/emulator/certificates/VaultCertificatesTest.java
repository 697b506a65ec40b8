package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.keys.KeyVaultKeys;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VaultCertificatesTest {
    private static final String BASE = "https://localhost:8443";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    /** One backing secret as the certificates package hands it over. */
    record Stored(String name, String version, String value, String contentType, String kid) {
        @Override
        public String toString() {
            return "Stored[" + name + "]";
        }
    }

    private final List<Stored> stored = new ArrayList<>();
    private final KeyVaultKeys keys = new KeyVaultKeys(CLOCK);
    private final VaultCertificates certificates = new VaultCertificates(CLOCK, keys,
            (name, version, value, contentType, kid, enabled, nbf, exp, tags) ->
                    stored.add(new Stored(name, version, value, contentType, kid)));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Reply reply) {
        return (Map<String, Object>) Json.parse(reply.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static String quote(String text) {
        return Json.write(text);
    }

    @Test
    void importPem_chainWithKey_returnsBundleWithThumbprintAndPolicy() throws Exception {
        TestCertificates certs = TestCertificates.rsa("app.example.com");
        String request = "{\"value\":" + quote(certs.pem()) + ",\"policy\":{\"secret_props\":{\"contentType\":"
                + "\"application/x-pem-file\"}},\"tags\":{\"env\":\"test\"}}";

        Reply reply = certificates.importCertificate(BASE, "web-cert", request);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, Object> bundle = json(reply);
        String id = (String) bundle.get("id");
        String version = id.substring(id.lastIndexOf('/') + 1);
        assertThat(id).isEqualTo(BASE + "/certificates/web-cert/" + version);
        assertThat(bundle).containsEntry("kid", BASE + "/keys/web-cert/" + version)
                .containsEntry("sid", BASE + "/secrets/web-cert/" + version)
                .containsEntry("tags", Map.of("env", "test"));
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(certs.leaf().getEncoded());
        assertThat(bundle.get("x5t")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(sha1));
        assertThat(Base64.getDecoder().decode((String) bundle.get("cer"))).isEqualTo(certs.leaf().getEncoded());
        Map<String, Object> policy = map(bundle.get("policy"));
        assertThat(policy).containsEntry("id", BASE + "/certificates/web-cert/policy")
                .containsEntry("secret_props", Map.of("contentType", "application/x-pem-file"))
                .containsEntry("issuer", Map.of("name", "Unknown"));
        assertThat(map(policy.get("key_props"))).containsEntry("kty", "RSA").containsEntry("exportable", true);
        assertThat(((Number) map(policy.get("key_props")).get("key_size")).intValue()).isEqualTo(2048);
        Map<String, Object> x509 = map(policy.get("x509_props"));
        assertThat(x509).containsEntry("subject", "CN=app.example.com")
                .containsEntry("sans", Map.of("dns_names", List.of("app.example.com")))
                .containsEntry("key_usage", List.of("digitalSignature"));
        assertThat(map(bundle.get("attributes"))).containsEntry("enabled", true).containsKeys("nbf", "exp");
    }

    @Test
    void importPem_writesManagedBackingSecretAndKey() {
        TestCertificates certs = TestCertificates.ec("ec.example.com");

        Map<String, Object> bundle = json(certificates.importCertificate(BASE, "ec-cert",
                "{\"value\":" + quote(certs.pem()) + "}"));

        assertThat(stored).hasSize(1);
        Stored secret = stored.get(0);
        assertThat(secret.contentType()).isEqualTo("application/x-pem-file");
        assertThat(secret.kid()).isEqualTo(bundle.get("kid"));
        assertThat(secret.value()).contains("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN CERTIFICATE-----");
        Map<String, Object> key = map(Json.parse(keys.get(BASE, "ec-cert", "").body()));
        assertThat(key).containsEntry("managed", true);
        assertThat(map(key.get("key"))).containsEntry("kid", bundle.get("kid")).containsEntry("kty", "EC")
                .containsEntry("crv", "P-256");
    }

    @Test
    void importPkcs12_withPassword_backingSecretIsPasswordlessPfx() throws Exception {
        TestCertificates certs = TestCertificates.rsa("pfx.example.com");
        String value = Base64.getEncoder().encodeToString(certs.pkcs12("p4ss"));

        Reply reply = certificates.importCertificate(BASE, "pfx", "{\"value\":\"" + value + "\",\"pwd\":\"p4ss\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(map(json(reply).get("policy")).get("secret_props"))
                .isEqualTo(Map.of("contentType", "application/x-pkcs12"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Base64.getDecoder().decode(stored.get(0).value())), new char[0]);
        String alias = store.aliases().nextElement();
        assertThat(store.getCertificate(alias)).isEqualTo(certs.leaf());
        assertThat(store.getCertificateChain(alias)).hasSize(2);
        assertThat(store.getKey(alias, new char[0])).isEqualTo(certs.leafKeys().getPrivate());
    }

    @Test
    void importPkcs12_wrongPassword_isBadParameter() {
        String value = Base64.getEncoder().encodeToString(TestCertificates.rsa("x").pkcs12("right"));

        Reply reply = certificates.importCertificate(BASE, "pfx", "{\"value\":\"" + value + "\",\"pwd\":\"wrong\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("BadParameter").doesNotContain("wrong").doesNotContain("right");
        assertThat(stored).isEmpty();
    }

    @Test
    void importPem_withoutPrivateKey_isBadParameter() {
        TestCertificates certs = TestCertificates.rsa("nokey");

        Reply reply = certificates.importCertificate(BASE, "c", "{\"value\":"
                + quote(TestCertificates.pem(null, certs.leaf())) + "}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("Private key is not specified");
    }

    @Test
    void importPem_keyOfOtherCertificate_isBadParameter() {
        TestCertificates one = TestCertificates.rsa("one");
        TestCertificates two = TestCertificates.rsa("two");

        Reply reply = certificates.importCertificate(BASE, "c", "{\"value\":"
                + quote(TestCertificates.pem(two.leafKeys().getPrivate(), one.leaf())) + "}");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void import_missingValue_isBadParameter() {
        assertThat(certificates.importCertificate(BASE, "c", "{}").status()).isEqualTo(400);
    }

    @Test
    void get_latestAndByVersion_returnsCerOfEach() throws Exception {
        TestCertificates first = TestCertificates.rsa("first");
        TestCertificates second = TestCertificates.rsa("second");
        String firstId = (String) json(certificates.importCertificate(BASE, "c",
                "{\"value\":" + quote(first.pem()) + "}")).get("id");
        certificates.importCertificate(BASE, "c", "{\"value\":" + quote(second.pem()) + "}");

        assertThat(certificate(json(certificates.get(BASE, "C", "")))).isEqualTo(second.leaf());
        String firstVersion = firstId.substring(firstId.lastIndexOf('/') + 1);
        assertThat(certificate(json(certificates.get(BASE, "c", firstVersion)))).isEqualTo(first.leaf());
        assertThat((List<?>) json(certificates.listVersions(BASE, "c", "7.5", null, null)).get("value")).hasSize(2);
    }

    private static X509Certificate certificate(Map<String, Object> bundle) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode((String) bundle.get("cer"))));
    }

    @Test
    void get_unknown_isCertificateNotFound() {
        Reply reply = certificates.get(BASE, "nope", "");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("CertificateNotFound");
    }

    @Test
    void list_items_haveIdWithoutVersionAndThumbprint() {
        certificates.importCertificate(BASE, "b", "{\"value\":" + quote(TestCertificates.ec("b").pem()) + "}");
        certificates.importCertificate(BASE, "a", "{\"value\":" + quote(TestCertificates.ec("a").pem()) + "}");

        List<?> items = (List<?>) json(certificates.list(BASE, "7.5", null, null)).get("value");

        assertThat(items).hasSize(2);
        assertThat(map(items.get(0))).containsEntry("id", BASE + "/certificates/a").containsKey("x5t");
    }

    @Test
    void getPolicy_returnsPolicyWithId() {
        certificates.importCertificate(BASE, "p", "{\"value\":" + quote(TestCertificates.ec("p").pem()) + "}");

        Map<String, Object> policy = json(certificates.getPolicy(BASE, "p"));

        assertThat(policy).containsEntry("id", BASE + "/certificates/p/policy").containsKeys("key_props",
                "secret_props", "x509_props", "issuer", "attributes");
    }
}
