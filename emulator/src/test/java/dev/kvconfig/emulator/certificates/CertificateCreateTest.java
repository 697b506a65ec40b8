package dev.kvconfig.emulator.certificates;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.certificates.models.CertificateContact;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificateIssuer;
import com.azure.security.keyvault.certificates.models.CertificateKeyType;
import com.azure.security.keyvault.certificates.models.CertificateOperation;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.IssuerProperties;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificateWithPolicy;
import com.azure.security.keyvault.certificates.models.MergeCertificateOptions;
import com.azure.security.keyvault.certificates.models.SubjectAlternativeNames;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CreateCertificate as a long-running operation, merge, policy update, issuers and contacts, through the Java
 * CertificateClient over HTTPS.
 */
@ExtendWith(KeyVaultEmulatorExtension.class)
class CertificateCreateTest {
    private static final Duration POLL = Duration.ofMillis(50);
    private static KeyVaultEmulator emulator;
    private static CertificateClient client;

    @BeforeAll
    static void client(KeyVaultEmulator started) {
        emulator = started;
        client = new CertificateClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(EmulatorClients.httpClient(emulator))
                .retryOptions(EmulatorClients.quickRetries(1)).disableChallengeResourceVerification().buildClient();
    }

    private static X509Certificate x509(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    @Test
    void beginCreateCertificate_defaultPolicy_pollsToASelfSignedCertificate() throws Exception {
        SyncPoller<CertificateOperation, KeyVaultCertificateWithPolicy> poller =
                client.beginCreateCertificate("default-policy", CertificatePolicy.getDefault());
        poller.setPollInterval(POLL);

        PollResponse<CertificateOperation> done = poller.waitForCompletion(Duration.ofSeconds(30));
        KeyVaultCertificateWithPolicy certificate = poller.getFinalResult();

        assertThat(done.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        X509Certificate x509 = x509(certificate.getCer());
        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=DefaultPolicy");
        assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
        x509.verify(x509.getPublicKey());
        assertThat(certificate.getPolicy().getIssuerName()).isEqualTo("Self");
        assertThat(certificate.getPolicy().getKeyType()).isEqualTo(CertificateKeyType.RSA);
        assertThat(certificate.getPolicy().getKeySize()).isEqualTo(2048);
        assertThat(certificate.getPolicy().getValidityInMonths()).isEqualTo(12);
        // the backing secret is a PKCS#12 holding the same certificate
        KeyVaultSecret secret = new SecretClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(EmulatorClients.httpClient(emulator))
                .disableChallengeResourceVerification().buildClient().getSecret("default-policy");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Base64.getDecoder().decode(secret.getValue())), new char[0]);
        assertThat(store.getCertificate(store.aliases().nextElement()).getEncoded()).isEqualTo(certificate.getCer());
    }

    @Test
    void createCertificate_onTheWire_is202InProgressWithTheOperationsLocation() throws Exception {
        String url = emulator.vaultUrl("demo") + "certificates/wire-check/create?api-version=2025-07-01";
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .sslContext(emulator.sslContext()).build().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + emulator.issueToken("11111111-2222-3333-4444-555555555555"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"policy\":{\"issuer\":{\"name\":\"Self\"},\"x509_props\":{\"subject\":\"CN=wire\"}}}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).hasValue(emulator.vaultUrl("demo")
                .toString().replaceAll("/$", "") + "/certificates/wire-check/pending?api-version=2025-07-01");
        assertThat(response.body()).contains("\"status\":\"inProgress\"").contains("\"csr\":");
        assertThat(client.getCertificateOperation("wire-check").poll().getValue().getStatus()).isEqualTo("completed");
    }

    @Test
    void beginCreateCertificate_ecPolicyWithSans_issuesThem() throws Exception {
        CertificatePolicy policy = new CertificatePolicy("Self", "CN=api.example.test")
                .setKeyType(CertificateKeyType.EC).setSubjectAlternativeNames(new SubjectAlternativeNames()
                        .setDnsNames(List.of("api.example.test", "www.example.test")))
                .setContentType(CertificateContentType.PEM).setValidityInMonths(3);
        SyncPoller<CertificateOperation, KeyVaultCertificateWithPolicy> poller =
                client.beginCreateCertificate("ec-sans", policy);
        poller.setPollInterval(POLL);

        poller.waitForCompletion(Duration.ofSeconds(30));
        X509Certificate x509 = x509(poller.getFinalResult().getCer());

        assertThat(x509.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(x509.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .containsExactly("api.example.test", "www.example.test");
        assertThat(x509.getNotAfter().toInstant()).isBefore(Instant.now().plus(100, ChronoUnit.DAYS));
    }

    @Test
    void beginCreateCertificate_unknownIssuer_staysPendingWithCsr_untilMerged() throws Exception {
        SyncPoller<CertificateOperation, KeyVaultCertificateWithPolicy> poller = client.beginCreateCertificate(
                "ca-signed", new CertificatePolicy("Unknown", "CN=ca-signed.example.test"));
        poller.setPollInterval(POLL);

        PollResponse<CertificateOperation> polled = poller.poll();
        assertThat(polled.getStatus()).isEqualTo(LongRunningOperationStatus.IN_PROGRESS);
        byte[] csr = client.getCertificateOperation("ca-signed").poll().getValue().getCsr();
        PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr);
        assertThat(request.getSubject()).hasToString("CN=ca-signed.example.test");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair ca = generator.generateKeyPair();
        X509Certificate signed = new JcaX509CertificateConverter().getCertificate(new X509v3CertificateBuilder(
                new X500Name("CN=merge test CA"), BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(30, ChronoUnit.DAYS)), request.getSubject(),
                request.getSubjectPublicKeyInfo())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate())));

        KeyVaultCertificateWithPolicy merged = client.mergeCertificate(
                new MergeCertificateOptions("ca-signed", List.of(signed.getEncoded())));

        assertThat(merged.getCer()).isEqualTo(signed.getEncoded());
        assertThat(client.getCertificate("ca-signed").getCer()).isEqualTo(signed.getEncoded());
        assertThat(client.getCertificateOperation("ca-signed").poll().getValue().getStatus()).isEqualTo("completed");
    }

    @Test
    void mergeCertificate_certificateOfAnotherKey_isRefused() throws Exception {
        client.beginCreateCertificate("wrong-merge", new CertificatePolicy("Unknown", "CN=wrong.example.test"))
                .poll();
        X509Certificate other = TestCertificates.rsa("other.example.test").leaf();

        assertThatThrownBy(() -> client.mergeCertificate(new MergeCertificateOptions("wrong-merge",
                List.of(other.getEncoded())))).isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("does not match");
                });
    }

    @Test
    void cancelThenDeleteOperation_leavesNoPendingOperation() {
        client.beginCreateCertificate("cancelled", new CertificatePolicy("Unknown", "CN=cancelled.example.test"))
                .poll();

        CertificateOperation cancelled = client.cancelCertificateOperation("cancelled");
        CertificateOperation deleted = client.deleteCertificateOperation("cancelled");

        assertThat(cancelled.getCancellationRequested()).isTrue();
        assertThat(deleted.getStatus()).isEqualTo("cancelled");
        assertThatThrownBy(() -> client.getCertificateOperation("cancelled").poll())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updateCertificatePolicy_changedValidity_isWhatGetPolicyReturns() {
        SyncPoller<CertificateOperation, KeyVaultCertificateWithPolicy> poller =
                client.beginCreateCertificate("renewable", CertificatePolicy.getDefault());
        poller.setPollInterval(POLL);
        poller.waitForCompletion(Duration.ofSeconds(30));
        CertificatePolicy policy = client.getCertificatePolicy("renewable").setValidityInMonths(24);

        CertificatePolicy updated = client.updateCertificatePolicy("renewable", policy);

        assertThat(updated.getValidityInMonths()).isEqualTo(24);
        assertThat(client.getCertificatePolicy("renewable").getValidityInMonths()).isEqualTo(24);
        assertThat(client.getCertificatePolicy("renewable").getSubject()).isEqualTo("CN=DefaultPolicy");
    }

    @Test
    void issuers_createGetListDelete_neverReturnThePassword() {
        CertificateIssuer created = client.createIssuer(new CertificateIssuer("corp-ca", "Test")
                .setAccountId("acct-1").setPassword("issuer-pw"));

        CertificateIssuer fetched = client.getIssuer("corp-ca");

        assertThat(created.getProvider()).isEqualTo("Test");
        assertThat(fetched.getAccountId()).isEqualTo("acct-1");
        assertThat(fetched.getPassword()).isNull();
        assertThat(client.listPropertiesOfIssuers().stream().map(IssuerProperties::getName)).contains("corp-ca");
        assertThat(client.deleteIssuer("corp-ca").getName()).isEqualTo("corp-ca");
        assertThatThrownBy(() -> client.getIssuer("corp-ca")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void beginCreateCertificate_policyNamingNoIssuer_isBadParameter() {
        assertThatThrownBy(() -> client.beginCreateCertificate("orphan",
                new CertificatePolicy("no-such-ca", "CN=orphan.example.test")).poll())
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getMessage()).contains("no-such-ca"));
    }

    @Test
    void contacts_setListDelete_roundTrip() {
        CertificateContact contact = new CertificateContact().setEmail("ops@example.test").setName("Ops")
                .setPhone("+1 555 0100");

        // the client's contacts methods are lazy pages: nothing is sent until they are read
        assertThat(client.setContacts(List.of(contact)).stream().map(CertificateContact::getPhone))
                .containsExactly("+1 555 0100");

        assertThat(client.listContacts().stream().map(CertificateContact::getEmail)).containsExactly("ops@example.test");
        assertThat(client.deleteContacts().stream().map(CertificateContact::getName)).containsExactly("Ops");
        // as in Key Vault: a vault without contacts answers 404 ContactsNotFound
        assertThatThrownBy(() -> client.listContacts().stream().count())
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
