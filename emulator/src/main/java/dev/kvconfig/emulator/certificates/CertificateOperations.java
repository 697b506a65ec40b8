package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.ServiceError;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CreateCertificate as the long-running operation Key Vault makes of it, and what hangs off it: {@code POST
 * /certificates/{name}/create} answers 202 with the pending operation ({@code Location:
 * …/certificates/{name}/pending}); {@code GET}, {@code PATCH} (cancel) and {@code DELETE …/pending}; MergeCertificate
 * ({@code POST …/pending/merge}); and the policy's update.
 *
 * <p>Issuer {@code Self} is issued at once: the 202 says {@code inProgress}, as the service's does, and the first poll
 * says {@code completed} with the certificate in place, so the SDK pollers finish on their first poll. Any other issuer
 * ({@code Unknown}, or one registered through the issuers API: the emulator talks to no CA) leaves the operation
 * {@code inProgress} with a PKCS#10 request in {@code csr}, until the CA's answer comes back through merge. Thread safe.
 */
final class CertificateOperations {
    private static final String IN_PROGRESS_DETAILS = "Pending certificate created. Certificate request is in"
            + " progress. This may take some time based on the issuer provider. Please check again later.";

    /** One certificate's pending (or finished, until deleted) operation. */
    private record Operation(String name, String issuer, KeyPair keyPair, byte[] csr, Map<String, Object> policy,
                             boolean enabled, Map<String, String> tags, String status, boolean cancellationRequested,
                             String requestId) {
        Operation with(String newStatus, boolean cancel) {
            return new Operation(name, issuer, keyPair, csr, policy, enabled, tags, newStatus, cancel, requestId);
        }
    }

    private final VaultCertificates certificates;
    private final CertificateIssuers issuers;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Operation> operations = new ConcurrentHashMap<>();

    CertificateOperations(VaultCertificates certificates, CertificateIssuers issuers) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.issuers = Objects.requireNonNull(issuers, "issuers");
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code POST /certificates/{name}/create} with {@code {"policy","attributes","tags"}}.
     *
     * @param apiVersion the request's, repeated in the {@code Location} of the pending operation
     */
    synchronized Response create(String vaultBase, String name, Map<String, Object> request, String apiVersion) {
        VaultCertificates.checkName(name);
        Operation pending = operations.get(key(name));
        if (pending != null && pending.status().equals("inProgress")) {
            throw ServiceError.conflict("Conflict", "There is a pending operation on certificate '" + name
                    + "': merge, cancel or delete it first.");
        }
        Map<String, Object> policy = CertificatePolicies.forCreate(Json.object(request, "policy"),
                certificates.currentPolicy(name));
        Map<String, Object> attributes = Json.object(request, "attributes");
        boolean enabled = attributes == null || !Boolean.FALSE.equals(Json.bool(attributes, "enabled"));
        Map<String, String> tags = VaultCertificates.tags(request);
        KeyPair keyPair = CertificateIssuance.newKeyPair(policy, random);
        String issuer = CertificatePolicies.issuerName(policy);
        if (!issuers.known(issuer)) {
            throw ServiceError.badParameter("Issuer '" + issuer + "' is not found: use Self, Unknown or an issuer"
                    + " set through /certificates/issuers/{issuer-name}.");
        }
        byte[] csr = CertificateIssuance.csr(policy, keyPair);
        String requestId = UUID.randomUUID().toString().replace("-", "");
        Operation operation = new Operation(name, issuer, keyPair, csr, policy, enabled, tags, "inProgress", false,
                requestId);
        if (CertificatePolicies.SELF.equalsIgnoreCase(issuer)) {
            X509Certificate certificate = CertificateIssuance.selfSigned(policy, keyPair, certificates.clock()
                    .instant(), random);
            certificates.store(vaultBase, name, new CertificateContent(keyPair, List.of(certificate)),
                    contentType(policy), policy, enabled, tags);
            operations.put(key(name), operation.with("completed", false));
        } else {
            operations.put(key(name), operation);
        }
        return Response.of(202, json(vaultBase, operation))
                .withHeader("Location", vaultBase + "/certificates/" + name + "/pending?api-version=" + apiVersion);
    }

    private Operation find(String name) {
        Operation operation = name == null ? null : operations.get(key(name));
        if (operation == null) {
            throw ServiceError.notFound("PendingCertificateNotFound", "Pending certificate not found: " + name);
        }
        return operation;
    }

    /** {@code GET /certificates/{name}/pending}. */
    Map<String, Object> get(String vaultBase, String name) {
        return json(vaultBase, find(name));
    }

    /** {@code PATCH /certificates/{name}/pending} with {@code {"cancellation_requested": true}}. */
    synchronized Map<String, Object> update(String vaultBase, String name, Map<String, Object> request) {
        Operation operation = find(name);
        if (!Boolean.TRUE.equals(Json.bool(request, "cancellation_requested"))) {
            throw ServiceError.badParameter("Property 'cancellation_requested' must be true: it is all a pending"
                    + " operation lets you change.");
        }
        Operation updated = operation.status().equals("inProgress") ? operation.with("cancelled", true)
                : operation.with(operation.status(), true);
        operations.put(key(name), updated);
        return json(vaultBase, updated);
    }

    /** {@code DELETE /certificates/{name}/pending}: the operation as it was. */
    synchronized Map<String, Object> delete(String vaultBase, String name) {
        Operation operation = find(name);
        operations.remove(key(name));
        return json(vaultBase, operation);
    }

    /** {@code POST /certificates/{name}/pending/merge} with {@code {"x5c":[base64 DER…],"attributes","tags"}}: 201. */
    synchronized Response merge(String vaultBase, String name, Map<String, Object> request) {
        Operation operation = find(name);
        if (!operation.status().equals("inProgress")) {
            throw ServiceError.badParameter("The pending operation of certificate '" + name + "' is "
                    + operation.status() + ": there is no request to merge into.");
        }
        List<Object> x5c = Json.list(request, "x5c");
        if (x5c == null || x5c.isEmpty()) {
            throw ServiceError.badParameter("Property 'x5c' is required: the signed certificate and its chain,"
                    + " base64 DER.");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Object c : x5c) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(
                        Base64.getMimeDecoder().decode(String.valueOf(c)))));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw ServiceError.badParameter("Property 'x5c' holds a value that is not a base64 DER X.509"
                    + " certificate.");
        }
        if (!chain.get(0).getPublicKey().equals(operation.keyPair().getPublic())) {
            throw ServiceError.badParameter("Public key from x5c property of the certificate does not match with"
                    + " the pending certificate request's key.");
        }
        Map<String, Object> attributes = Json.object(request, "attributes");
        boolean enabled = attributes == null ? operation.enabled()
                : !Boolean.FALSE.equals(Json.bool(attributes, "enabled"));
        Map<String, String> tags = request.containsKey("tags") ? VaultCertificates.tags(request) : operation.tags();
        CertificateVersion stored = certificates.store(vaultBase, name, new CertificateContent(operation.keyPair(),
                chain), contentType(operation.policy()), operation.policy(), enabled, tags);
        operations.put(key(name), operation.with("completed", false));
        return Response.of(201, VaultCertificates.bundle(vaultBase, stored));
    }

    /** {@code GET /certificates/{name}/policy}: the certificate's, or a pending operation's before the first version. */
    Map<String, Object> getPolicy(String vaultBase, String name) {
        Map<String, Object> policy = certificates.currentPolicy(name);
        if (policy == null) {
            Operation operation = operations.get(key(name));
            if (operation == null) {
                throw VaultCertificates.notFound(name, null);
            }
            policy = operation.policy();
        }
        long now = certificates.clock().instant().getEpochSecond();
        return VaultCertificates.policyJson(vaultBase, name, policy, now, now);
    }

    /** {@code PATCH /certificates/{name}/policy}: the sections sent replace theirs; later versions use it. */
    synchronized Map<String, Object> updatePolicy(String vaultBase, String name, Map<String, Object> patch) {
        Map<String, Object> current = certificates.currentPolicy(name);
        if (current == null) {
            throw VaultCertificates.notFound(name, null);
        }
        Map<String, Object> updated = CertificatePolicies.update(current, patch);
        certificates.replacePolicy(name, updated);
        long now = certificates.clock().instant().getEpochSecond();
        return VaultCertificates.policyJson(vaultBase, name, updated, now, now);
    }

    private static String contentType(Map<String, Object> policy) {
        return String.valueOf(Json.object(policy, "secret_props").get("contentType"));
    }

    private static Map<String, Object> json(String vaultBase, Operation operation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", vaultBase + "/certificates/" + operation.name() + "/pending");
        m.put("issuer", Map.of("name", operation.issuer()));
        m.put("csr", Base64.getEncoder().encodeToString(operation.csr()));
        m.put("cancellation_requested", operation.cancellationRequested());
        m.put("status", operation.status());
        m.put("status_details", switch (operation.status()) {
            case "completed" -> "The certificate is issued.";
            case "cancelled" -> "The certificate request was cancelled.";
            default -> IN_PROGRESS_DETAILS;
        });
        if (operation.status().equals("completed")) {
            m.put("target", vaultBase + "/certificates/" + operation.name());
        }
        m.put("request_id", operation.requestId());
        return m;
    }

    @Override
    public String toString() {
        return "CertificateOperations[" + operations.size() + "]";
    }
}
