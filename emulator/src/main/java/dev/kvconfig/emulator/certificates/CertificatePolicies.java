package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Certificate policies as Key Vault completes them for CreateCertificate and UpdateCertificatePolicy: the members a
 * request leaves out get the service's defaults (RSA 2048, exportable, PKCS#12, 12 months, server and client auth,
 * digitalSignature and keyEncipherment, renewal at 80 % of the lifetime), and a policy needs a subject or SANs.
 */
final class CertificatePolicies {
    static final String SELF = "Self";
    static final String UNKNOWN = "Unknown";
    static final Set<String> RSA_SIZES = Set.of("2048", "3072", "4096");
    static final List<String> CURVES = List.of("P-256", "P-384", "P-521");

    private CertificatePolicies() {
    }

    /** The policy of a new certificate: the request's, with defaults; or the name's current one when none is sent. */
    static Map<String, Object> forCreate(Map<String, Object> requested, Map<String, Object> current) {
        if (requested == null) {
            if (current == null) {
                throw ServiceError.badParameter("Property 'policy' is required to create a new certificate.");
            }
            return current;
        }
        return complete(requested);
    }

    /** {@code PATCH /certificates/{name}/policy}: the sections sent replace their members, the rest is kept. */
    static Map<String, Object> update(Map<String, Object> current, Map<String, Object> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(current);
        for (String section : List.of("key_props", "secret_props", "x509_props", "issuer")) {
            Map<String, Object> sent = Json.object(patch, section);
            if (sent != null) {
                Map<String, Object> m = new LinkedHashMap<>(Json.object(current, section) == null ? Map.of()
                        : Json.object(current, section));
                m.putAll(sent);
                merged.put(section, m);
            }
        }
        if (patch.get("lifetime_actions") instanceof List<?> actions) {
            merged.put("lifetime_actions", actions);
        }
        return complete(merged);
    }

    private static Map<String, Object> complete(Map<String, Object> policy) {
        Map<String, Object> requestedKey = orEmpty(Json.object(policy, "key_props"));
        String kty = String.valueOf(requestedKey.getOrDefault("kty", "RSA")).toUpperCase(Locale.ROOT);
        boolean ec = kty.startsWith("EC");
        if (!ec && !kty.startsWith("RSA")) {
            throw ServiceError.badParameter("key_props.kty '" + kty + "' is invalid: use RSA, RSA-HSM, EC or EC-HSM.");
        }
        Map<String, Object> keyProps = new LinkedHashMap<>();
        keyProps.put("exportable", !(requestedKey.get("exportable") instanceof Boolean b) || b);
        keyProps.put("kty", kty);
        if (ec) {
            String crv = String.valueOf(requestedKey.getOrDefault("crv", "P-256")).toUpperCase(Locale.ROOT);
            if (!CURVES.contains(crv)) {
                throw ServiceError.badParameter("key_props.crv '" + crv + "' is not supported by the emulator: use "
                        + String.join(", ", CURVES) + ".");
            }
            keyProps.put("key_size", crv.equals("P-521") ? 521 : crv.equals("P-384") ? 384 : 256);
            keyProps.put("crv", crv);
        } else {
            Object size = requestedKey.getOrDefault("key_size", 2048L);
            if (!RSA_SIZES.contains(String.valueOf(size))) {
                throw ServiceError.badParameter("key_props.key_size " + size + " is invalid for RSA: use 2048, 3072"
                        + " or 4096.");
            }
            keyProps.put("key_size", Integer.parseInt(String.valueOf(size)));
        }
        keyProps.put("reuse_key", requestedKey.get("reuse_key") instanceof Boolean b && b);

        Map<String, Object> requestedSecret = orEmpty(Json.object(policy, "secret_props"));
        String contentType = String.valueOf(requestedSecret.getOrDefault("contentType", CertificateContent.PKCS12));
        if (!contentType.equals(CertificateContent.PKCS12) && !contentType.equals(CertificateContent.PEM)) {
            throw ServiceError.badParameter("secret_props.contentType '" + contentType + "' is invalid: use "
                    + CertificateContent.PKCS12 + " or " + CertificateContent.PEM + ".");
        }

        Map<String, Object> requestedX509 = orEmpty(Json.object(policy, "x509_props"));
        Map<String, Object> x509 = new LinkedHashMap<>();
        Object subject = requestedX509.get("subject");
        Map<String, Object> sans = Json.object(requestedX509, "sans");
        boolean hasSans = sans != null && sans.values().stream().anyMatch(v -> v instanceof List<?> l && !l.isEmpty());
        if ((subject == null || String.valueOf(subject).isBlank()) && !hasSans) {
            throw ServiceError.badParameter("The policy needs x509_props.subject or x509_props.sans.");
        }
        if (subject != null) {
            x509.put("subject", subject);
        }
        if (hasSans) {
            x509.put("sans", sans);
        }
        x509.put("ekus", requestedX509.getOrDefault("ekus", List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));
        x509.put("key_usage", requestedX509.getOrDefault("key_usage", List.of("digitalSignature", "keyEncipherment")));
        Object months = requestedX509.getOrDefault("validity_months", 12L);
        if (!(months instanceof Number n) || n.longValue() < 1 || n.longValue() > 1200) {
            throw ServiceError.badParameter("x509_props.validity_months " + months + " is invalid: use 1-1200.");
        }
        x509.put("validity_months", n.longValue());

        Map<String, Object> requestedIssuer = orEmpty(Json.object(policy, "issuer"));
        Map<String, Object> issuer = new LinkedHashMap<>(requestedIssuer);
        issuer.putIfAbsent("name", UNKNOWN);
        boolean self = SELF.equalsIgnoreCase(String.valueOf(issuer.get("name")));

        Map<String, Object> completed = new LinkedHashMap<>();
        completed.put("key_props", keyProps);
        completed.put("secret_props", Map.of("contentType", contentType));
        completed.put("x509_props", x509);
        completed.put("lifetime_actions", policy.get("lifetime_actions") instanceof List<?> actions
                && !actions.isEmpty() ? actions : List.of(Map.of("trigger", Map.of("lifetime_percentage", 80),
                        "action", Map.of("action_type", self ? "AutoRenew" : "EmailContacts"))));
        completed.put("issuer", issuer);
        return completed;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    /** The issuer name of a completed policy. */
    static String issuerName(Map<String, Object> policy) {
        return String.valueOf(Json.object(policy, "issuer").get("name"));
    }
}
