package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.keys.KeyPairCodec;
import dev.kvconfig.emulator.keys.VaultKeys;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The certificates of one emulated vault: import (PEM or PKCS#12), get (latest or a version), list, list versions and
 * get policy. An import also writes the backing key (through {@link VaultKeys#putManaged}) and the backing secret
 * (through {@link BackingSecrets}), all three with the same name and version, as Key Vault does.
 *
 * <p>Every operation takes {@code vaultBase} (the scheme-host-port the client used) so ids lead back to the same
 * listener. Thread-safe.
 */
public final class VaultCertificates {
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final String[] KEY_USAGE = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

    private final Clock clock;
    private final VaultKeys keys;
    private final BackingSecrets secrets;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, List<CertificateVersion>> certificates = new ConcurrentHashMap<>();
    /** Told after every import (the state file is rewritten). */
    private volatile Runnable changed = () -> { };

    VaultCertificates(Clock clock, VaultKeys keys, BackingSecrets secrets) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // ---- state file ----------------------------------------------------------------------------------------------

    /** Sets what runs after each import (the emulator rewrites its state file). */
    public void onChange(Runnable listener) {
        this.changed = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The certificates for the state file: chain (DER, base64), key pair (X.509 and PKCS#8, base64), policy and
     * attributes of every version. The backing secrets are in the secret store's section already.
     */
    public Map<String, Object> export() {
        List<Object> out = new ArrayList<>();
        Base64.Encoder b64 = Base64.getEncoder();
        for (List<CertificateVersion> versions : certificates.values()) {
            List<Object> vs = new ArrayList<>();
            for (CertificateVersion v : versions) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", v.name());
                m.put("version", v.version());
                m.put("contentType", v.contentType());
                m.put("policy", v.policy());
                m.put("enabled", v.enabled());
                m.put("created", v.created());
                m.put("updated", v.updated());
                m.put("tags", v.tags());
                KeyPairCodec.write(v.content().keyPair(), m);
                List<Object> chain = new ArrayList<>();
                for (X509Certificate c : v.content().chain()) {
                    try {
                        chain.add(b64.encodeToString(c.getEncoded()));
                    } catch (CertificateEncodingException e) {
                        throw new IllegalStateException("cannot encode certificate " + v.name(), e);
                    }
                }
                m.put("chain", chain);
                vs.add(m);
            }
            out.add(vs);
        }
        return Map.of("certificates", out);
    }

    /**
     * Replaces the certificates with those of a state file section written by {@link #export()}, and puts their backing
     * keys back among the vault's keys (the keys' own section leaves managed keys out). Load the keys first.
     */
    @SuppressWarnings("unchecked")
    public void load(Map<String, Object> state) {
        certificates.clear();
        for (Object o : Json.list(state, "certificates")) {
            List<CertificateVersion> versions = new ArrayList<>();
            for (Object v : (List<Object>) o) {
                versions.add(fromState((Map<String, Object>) v));
            }
            if (versions.isEmpty()) {
                continue;
            }
            certificates.put(key(versions.get(0).name()), List.copyOf(versions));
            for (CertificateVersion v : versions) {
                keys.putManaged(v.name(), v.version(), v.content().keyPair(), v.enabled(),
                        v.content().leaf().getNotBefore().toInstant().getEpochSecond(),
                        v.content().leaf().getNotAfter().toInstant().getEpochSecond(), v.tags());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static CertificateVersion fromState(Map<String, Object> m) {
        String name = Json.string(m, "name");
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            CertificateFactory certs = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (Object c : Json.list(m, "chain")) {
                chain.add((X509Certificate) certs.generateCertificate(
                        new java.io.ByteArrayInputStream(b64.decode(String.valueOf(c)))));
            }
            KeyPair pair = KeyPairCodec.read(m, chain.get(0).getPublicKey().getAlgorithm());
            Map<String, String> tags = Json.stringMap(m, "tags");
            Map<String, Object> policy = Json.object(m, "policy");
            return new CertificateVersion(name, Json.string(m, "version"), new CertificateContent(pair, chain),
                    Json.string(m, "contentType"), policy == null ? Map.of() : policy,
                    !Boolean.FALSE.equals(Json.bool(m, "enabled")), Json.number(m, "created"),
                    Json.number(m, "updated"), tags);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the state file holds a certificate that cannot be read: " + name, e);
        }
    }

    // ---- import ------------------------------------------------------------------------------------------------

    /**
     * {@code POST /certificates/{name}/import} with {@code {"value","pwd","policy","attributes","tags"}}. The value is
     * PEM text (the SDK sends it so when the policy's content type is PEM) or base64 PKCS#12.
     */
    Map<String, Object> importCertificate(String vaultBase, String name, Map<String, Object> request) {
        {
            checkName(name);
            String value = Json.string(request, "value");
            if (value == null || value.isBlank()) {
                throw ServiceError.badParameter("Property 'value' is required: PEM text or base64 PKCS#12.");
            }
            String password = Json.string(request, "pwd");
            Map<String, Object> requestedPolicy = Json.object(request, "policy");
            Map<String, Object> secretProps = requestedPolicy == null ? null
                    : Json.object(requestedPolicy, "secret_props");
            String contentType = secretProps == null ? null : Json.string(secretProps, "contentType");
            boolean pem = CertificateContent.looksLikePem(value);
            if (!pem && CertificateContent.PEM.equals(contentType)) {
                // PEM sent base64-encoded, as the Python SDK's import sample does
                String decoded = CertificateContent.decodedPem(value);
                if (decoded != null) {
                    value = decoded;
                    pem = true;
                }
            }
            if (contentType == null) {
                contentType = pem ? CertificateContent.PEM : CertificateContent.PKCS12;
            }
            if (!contentType.equals(CertificateContent.PEM) && !contentType.equals(CertificateContent.PKCS12)) {
                throw ServiceError.badParameter("secret_props.contentType '" + contentType + "' is invalid: use "
                        + CertificateContent.PKCS12 + " or " + CertificateContent.PEM + ".");
            }
            CertificateContent content = pem ? CertificateContent.fromPem(value, password)
                    : CertificateContent.fromPkcs12(value, password);
            Map<String, Object> attributes = Json.object(request, "attributes");
            Boolean enabledAttribute = attributes == null ? null : Json.bool(attributes, "enabled");
            boolean enabled = enabledAttribute == null || enabledAttribute;
            return bundle(vaultBase, store(vaultBase, name, content, contentType,
                    policy(content, contentType, requestedPolicy), enabled, tags(request)));
        }
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServiceError.badParameter("The certificate name '" + name + "' is invalid: use 1-127"
                    + " characters of 0-9, a-z, A-Z and '-'.");
        }
    }

    Clock clock() {
        return clock;
    }

    /**
     * Stores a new version: the backing secret, the backing key and the certificate, all under one version id, and
     * tells the state file.
     */
    CertificateVersion store(String vaultBase, String name, CertificateContent content, String contentType,
            Map<String, Object> policy, boolean enabled, Map<String, String> tags) {
        long now = clock.instant().getEpochSecond();
        String version = newVersion();
        CertificateVersion certificate = new CertificateVersion(name, version, content, contentType, policy, enabled,
                now, now, tags);
        long nbf = content.leaf().getNotBefore().toInstant().getEpochSecond();
        long exp = content.leaf().getNotAfter().toInstant().getEpochSecond();
        // the secret first: a soft-deleted secret of that name (409) is the likely failure, and nothing is written yet
        secrets.putManaged(name, version, content.secretValue(contentType, name.toLowerCase(Locale.ROOT),
                exportable(policy)),
                contentType, kid(vaultBase, certificate), enabled, nbf, exp, tags);
        keys.putManaged(name, version, content.keyPair(), enabled, nbf, exp, tags);
        certificates.merge(key(name), List.of(certificate), (old, added) -> {
            List<CertificateVersion> all = new ArrayList<>(old);
            all.addAll(added);
            return List.copyOf(all);
        });
        changed.run();
        return certificate;
    }

    /** {@code key_props.exportable} of a stored policy; true when absent, the service's default. */
    private static boolean exportable(Map<String, Object> policy) {
        Map<String, Object> keyProps = policy == null ? null : Json.object(policy, "key_props");
        return keyProps == null || !(keyProps.get("exportable") instanceof Boolean b) || b;
    }

    /** The latest version's policy, or null when there is no certificate of that name. */
    Map<String, Object> currentPolicy(String name) {
        List<CertificateVersion> versions = certificates.get(key(name));
        return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1).policy();
    }

    /** Gives the latest version a new policy (UpdateCertificatePolicy); false when there is no such certificate. */
    boolean replacePolicy(String name, Map<String, Object> policy) {
        boolean[] replaced = {false};
        certificates.computeIfPresent(key(name), (k, versions) -> {
            List<CertificateVersion> all = new ArrayList<>(versions);
            CertificateVersion latest = all.remove(all.size() - 1);
            all.add(new CertificateVersion(latest.name(), latest.version(), latest.content(), latest.contentType(),
                    policy, latest.enabled(), latest.created(), clock.instant().getEpochSecond(), latest.tags()));
            replaced[0] = true;
            return List.copyOf(all);
        });
        if (replaced[0]) {
            changed.run();
        }
        return replaced[0];
    }

    String newVersion() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static Map<String, String> tags(Map<String, Object> request) {
        Map<String, Object> tags = Json.object(request, "tags");
        Map<String, String> out = new LinkedHashMap<>();
        if (tags != null) {
            if (tags.size() > 15) {
                throw ServiceError.badParameter("A certificate may have at most 15 tags; the request has "
                        + tags.size() + ".");
            }
            tags.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    /**
     * The policy Key Vault derives from an imported certificate (key type and size, subject, SANs, usages, validity,
     * issuer "Unknown"), with {@code exportable}, {@code reuse_key}, issuer and lifetime actions from the request's
     * policy when given.
     */
    private static Map<String, Object> policy(CertificateContent content, String contentType,
            Map<String, Object> requested) {
        X509Certificate leaf = content.leaf();
        Map<String, Object> requestedKeyProps = requested == null ? null : Json.object(requested, "key_props");
        Map<String, Object> keyProps = new LinkedHashMap<>();
        keyProps.put("exportable", requestedKeyProps == null || !(requestedKeyProps.get("exportable") instanceof
                Boolean b) || b);
        if (leaf.getPublicKey() instanceof RSAPublicKey rsa) {
            keyProps.put("kty", "RSA");
            keyProps.put("key_size", rsa.getModulus().bitLength());
        } else if (leaf.getPublicKey() instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            keyProps.put("kty", "EC");
            keyProps.put("key_size", bits);
            keyProps.put("crv", bits == 521 ? "P-521" : bits == 384 ? "P-384" : "P-256");
        }
        keyProps.put("reuse_key", requestedKeyProps != null && requestedKeyProps.get("reuse_key") instanceof Boolean b
                && b);

        Map<String, Object> x509 = new LinkedHashMap<>();
        x509.put("subject", leaf.getSubjectX500Principal().getName());
        Map<String, Object> sans = sans(leaf);
        if (!sans.isEmpty()) {
            x509.put("sans", sans);
        }
        try {
            List<String> ekus = leaf.getExtendedKeyUsage();
            if (ekus != null) {
                x509.put("ekus", List.copyOf(ekus));
            }
        } catch (CertificateParsingException e) {
            // an unreadable EKU extension is left out of the policy, as it carries no key material
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < Math.min(usage.length, KEY_USAGE.length); i++) {
                if (usage[i]) {
                    names.add(KEY_USAGE[i]);
                }
            }
            x509.put("key_usage", names);
        }
        long months = ChronoUnit.MONTHS.between(leaf.getNotBefore().toInstant().atZone(ZoneOffset.UTC),
                leaf.getNotAfter().toInstant().atZone(ZoneOffset.UTC).plusDays(1));
        x509.put("validity_months", Math.max(1, months));

        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("key_props", keyProps);
        policy.put("secret_props", Map.of("contentType", contentType));
        policy.put("x509_props", x509);
        Object actions = requested == null ? null : requested.get("lifetime_actions");
        policy.put("lifetime_actions", actions instanceof List<?> list && !list.isEmpty() ? list
                : List.of(Map.of("trigger", Map.of("lifetime_percentage", 80),
                        "action", Map.of("action_type", "EmailContacts"))));
        Map<String, Object> issuer = requested == null ? null : Json.object(requested, "issuer");
        policy.put("issuer", issuer != null && issuer.get("name") != null ? Map.of("name", issuer.get("name"))
                : Map.of("name", "Unknown"));
        return policy;
    }

    private static Map<String, Object> sans(X509Certificate certificate) {
        Map<String, Object> sans = new LinkedHashMap<>();
        List<String> dns = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> upns = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> entry : names) {
                    int type = (Integer) entry.get(0);
                    if (type == 2) {
                        dns.add(String.valueOf(entry.get(1)));
                    } else if (type == 1) {
                        emails.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no SANs rather than a failed import: they only describe the certificate
        }
        if (!emails.isEmpty()) {
            sans.put("emails", emails);
        }
        if (!dns.isEmpty()) {
            sans.put("dns_names", dns);
        }
        if (!upns.isEmpty()) {
            sans.put("upns", upns);
        }
        return sans;
    }

    // ---- read --------------------------------------------------------------------------------------------------

    static ServiceError notFound(String name, String version) {
        String id = version == null || version.isEmpty() ? name : name + "/" + version;
        return ServiceError.notFound("CertificateNotFound", "A certificate with (name/id) " + id
                + " was not found in this key vault. If you recently deleted this certificate you may be able to"
                + " recover it using the correct recovery command. For help resolving this issue, please see"
                + " https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    private CertificateVersion find(String name, String version) {
        List<CertificateVersion> versions = name == null ? null : certificates.get(key(name));
        if (versions == null || versions.isEmpty()) {
            throw notFound(name, version);
        }
        if (version == null || version.isEmpty()) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst()
                .orElseThrow(() -> notFound(name, version));
    }

    /** {@code GET /certificates/{name}/{version}}; an empty or {@code null} version means the latest. */
    Map<String, Object> get(String vaultBase, String name, String version) {
        return bundle(vaultBase, find(name, version));
    }

    /** {@code GET /certificates/{name}/policy} of a certificate with a version: the latest version's policy. */
    Map<String, Object> getPolicy(String vaultBase, String name) {
        return policyJson(vaultBase, find(name, null));
    }

    /** The latest version of every certificate, by name, for GetCertificates. */
    List<CertificateVersion> latestOfEach() {
        return certificates.values().stream().filter(v -> !v.isEmpty()).map(v -> v.get(v.size() - 1))
                .sorted(Comparator.comparing(v -> key(v.name()))).toList();
    }

    /** All versions of a certificate, oldest first, for GetCertificateVersions. */
    List<CertificateVersion> versions(String name) {
        List<CertificateVersion> versions = name == null ? null : certificates.get(key(name));
        if (versions == null || versions.isEmpty()) {
            throw notFound(name, null);
        }
        return versions;
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    static String id(String vaultBase, CertificateVersion v) {
        return vaultBase + "/certificates/" + v.name() + "/" + v.version();
    }

    private static String kid(String vaultBase, CertificateVersion v) {
        return vaultBase + "/keys/" + v.name() + "/" + v.version();
    }

    private static String sid(String vaultBase, CertificateVersion v) {
        return vaultBase + "/secrets/" + v.name() + "/" + v.version();
    }

    static String x5t(X509Certificate certificate) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha1);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute the thumbprint of a stored certificate", e);
        }
    }

    private static String cer(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a stored certificate", e);
        }
    }

    private static Map<String, Object> attributes(CertificateVersion v) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", v.enabled());
        attributes.put("nbf", v.content().leaf().getNotBefore().toInstant().getEpochSecond());
        attributes.put("exp", v.content().leaf().getNotAfter().toInstant().getEpochSecond());
        attributes.put("created", v.created());
        attributes.put("updated", v.updated());
        attributes.put("recoveryLevel", "Recoverable+Purgeable");
        attributes.put("recoverableDays", 90);
        return attributes;
    }

    private static Map<String, Object> policyJson(String vaultBase, CertificateVersion v) {
        return policyJson(vaultBase, v.name(), v.policy(), v.created(), v.updated());
    }

    /** A policy as the service renders it: {@code id}, the members, {@code attributes}. */
    static Map<String, Object> policyJson(String vaultBase, String name, Map<String, Object> members, long created,
            long updated) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("id", vaultBase + "/certificates/" + name + "/policy");
        policy.putAll(members);
        policy.put("attributes", Map.of("enabled", true, "created", created, "updated", updated));
        return policy;
    }

    static Map<String, Object> bundle(String vaultBase, CertificateVersion v) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("id", id(vaultBase, v));
        bundle.put("kid", kid(vaultBase, v));
        bundle.put("sid", sid(vaultBase, v));
        bundle.put("x5t", x5t(v.content().leaf()));
        bundle.put("cer", cer(v.content().leaf()));
        bundle.put("attributes", attributes(v));
        bundle.put("policy", policyJson(vaultBase, v));
        bundle.put("tags", v.tags());
        return bundle;
    }

    static Map<String, Object> item(String id, CertificateVersion v) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("x5t", x5t(v.content().leaf()));
        item.put("attributes", attributes(v));
        item.put("tags", v.tags());
        return item;
    }

    @Override
    public String toString() {
        return "VaultCertificates[certificates=" + certificates.size() + "]";
    }
}
