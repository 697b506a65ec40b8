package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A vault's certificate issuers ({@code /certificates/issuers/{name}}) and contacts ({@code /certificates/contacts}),
 * stored as sent: the emulator talks to no CA, so an issuer is a record that policies may name. The issuer's password
 * ({@code credentials.pwd}) is kept but never returned, as in Key Vault. Thread safe; in memory only.
 */
final class CertificateIssuers {
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

    private record Issuer(String name, Map<String, Object> body, long created, long updated) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Issuer> issuers = new ConcurrentHashMap<>();
    private final AtomicReference<List<Object>> contacts = new AtomicReference<>();

    CertificateIssuers(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** {@code PUT /certificates/issuers/{name}} with {@code {"provider","credentials","org_details","attributes"}}. */
    Map<String, Object> set(String vaultBase, String name, Map<String, Object> request) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServiceError.badParameter("The issuer name '" + name + "' is invalid: use 1-127 characters of"
                    + " 0-9, a-z, A-Z and '-'.");
        }
        if (Json.string(request, "provider") == null) {
            throw ServiceError.badParameter("Property 'provider' is required, e.g. DigiCert or GlobalSign.");
        }
        long now = now();
        Issuer issuer = issuers.compute(key(name), (k, old) -> new Issuer(name, new LinkedHashMap<>(request),
                old == null ? now : old.created(), now));
        return json(vaultBase, issuer);
    }

    /** {@code PATCH /certificates/issuers/{name}}: the members sent replace theirs. */
    Map<String, Object> update(String vaultBase, String name, Map<String, Object> request) {
        Issuer updated = issuers.computeIfPresent(key(name), (k, old) -> {
            Map<String, Object> body = new LinkedHashMap<>(old.body());
            body.putAll(request);
            return new Issuer(old.name(), body, old.created(), now());
        });
        if (updated == null) {
            throw notFound(name);
        }
        return json(vaultBase, updated);
    }

    Map<String, Object> get(String vaultBase, String name) {
        Issuer issuer = issuers.get(key(name));
        if (issuer == null) {
            throw notFound(name);
        }
        return json(vaultBase, issuer);
    }

    Map<String, Object> delete(String vaultBase, String name) {
        Issuer issuer = issuers.remove(key(name));
        if (issuer == null) {
            throw notFound(name);
        }
        return json(vaultBase, issuer);
    }

    /** The {@code CertificateIssuerItem}s ({@code id}, {@code provider}), by name. */
    List<Map<String, Object>> items(String vaultBase) {
        List<Map<String, Object>> items = new ArrayList<>();
        issuers.values().stream().sorted(Comparator.comparing(i -> key(i.name()))).forEach(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", id(vaultBase, i.name()));
            item.put("provider", i.body().get("provider"));
            items.add(item);
        });
        return items;
    }

    /** Whether a policy may name the issuer: Self, Unknown or one set here. */
    boolean known(String name) {
        return CertificatePolicies.SELF.equalsIgnoreCase(name) || CertificatePolicies.UNKNOWN.equalsIgnoreCase(name)
                || issuers.containsKey(key(name));
    }

    /** {@code PUT /certificates/contacts} with {@code {"contacts":[{"email","name","phone"}]}}. */
    Map<String, Object> setContacts(String vaultBase, Map<String, Object> request) {
        List<Object> list = Json.list(request, "contacts");
        if (list == null) {
            throw ServiceError.badParameter("Property 'contacts' is required: a list of {email, name, phone}.");
        }
        contacts.set(List.copyOf(list));
        return contactsJson(vaultBase, list);
    }

    Map<String, Object> getContacts(String vaultBase) {
        List<Object> list = contacts.get();
        if (list == null) {
            throw ServiceError.notFound("ContactsNotFound", "Contacts not found.");
        }
        return contactsJson(vaultBase, list);
    }

    Map<String, Object> deleteContacts(String vaultBase) {
        List<Object> list = contacts.getAndSet(null);
        if (list == null) {
            throw ServiceError.notFound("ContactsNotFound", "Contacts not found.");
        }
        return contactsJson(vaultBase, list);
    }

    private static Map<String, Object> contactsJson(String vaultBase, List<Object> list) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", vaultBase + "/certificates/contacts");
        m.put("contacts", list);
        return m;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String id(String vaultBase, String name) {
        return vaultBase + "/certificates/issuers/" + name;
    }

    private static ServiceError notFound(String name) {
        return ServiceError.notFound("CertificateIssuerNotFound", "Issuer not found: " + name);
    }

    private Map<String, Object> json(String vaultBase, Issuer issuer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id(vaultBase, issuer.name()));
        m.put("provider", issuer.body().get("provider"));
        if (issuer.body().get("credentials") instanceof Map<?, ?> credentials) {
            Map<String, Object> shown = new LinkedHashMap<>();
            if (credentials.get("account_id") != null) {
                shown.put("account_id", credentials.get("account_id"));
            }
            m.put("credentials", shown);
        }
        if (issuer.body().get("org_details") != null) {
            m.put("org_details", issuer.body().get("org_details"));
        }
        Map<String, Object> requested = Json.object(issuer.body(), "attributes");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", requested == null || !Boolean.FALSE.equals(Json.bool(requested, "enabled")));
        attributes.put("created", issuer.created());
        attributes.put("updated", issuer.updated());
        m.put("attributes", attributes);
        return m;
    }

    @Override
    public String toString() {
        return "CertificateIssuers[" + issuers.size() + "]";
    }
}
