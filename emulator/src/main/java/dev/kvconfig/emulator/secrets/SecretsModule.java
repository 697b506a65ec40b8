package dev.kvconfig.emulator.secrets;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Paging;
import dev.kvconfig.emulator.server.Request;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.Routes;
import dev.kvconfig.emulator.server.ServiceError;
import dev.kvconfig.emulator.server.VaultContext;
import dev.kvconfig.emulator.server.VaultModule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets data plane: every operation {@code SecretClient} offers, with the shapes of SecretBundle, SecretItem,
 * DeletedSecretBundle and DeletedSecretItem (Key Vault REST 7.5+). Stateless; state lives in each vault's
 * {@link SecretStore}.
 */
public final class SecretsModule implements VaultModule {

    @Override
    public void register(VaultContext vault, Routes routes) {
        SecretStore store = vault.secrets();
        routes.add("PUT", "/secrets/{name}", "SetSecret", r -> setSecret(store, r));
        routes.add("GET", "/secrets/{name}", "GetSecret",
                r -> Response.ok(bundle(r, store.read(r.param("name"), ""), true)));
        routes.add("GET", "/secrets/{name}/{version}", "GetSecret",
                r -> Response.ok(bundle(r, store.read(r.param("name"), r.param("version")), true)));
        routes.add("PATCH", "/secrets/{name}", "UpdateSecret", r -> update(store, r, ""));
        routes.add("PATCH", "/secrets/{name}/{version}", "UpdateSecret", r -> update(store, r, r.param("version")));
        routes.add("GET", "/secrets", "GetSecrets",
                r -> Paging.page(r, "/secrets", store.list(), v -> item(r, v, false)));
        routes.add("GET", "/secrets/{name}/versions", "GetSecretVersions",
                r -> Paging.page(r, "/secrets/" + enc(r.param("name")) + "/versions",
                        store.versions(r.param("name")), v -> item(r, v, true)));
        routes.add("DELETE", "/secrets/{name}", "DeleteSecret",
                r -> Response.ok(deletedBundle(r, store.delete(r.param("name")))));
        routes.add("GET", "/deletedsecrets", "GetDeletedSecrets",
                r -> Paging.page(r, "/deletedsecrets", store.deletedList(), d -> deletedItem(r, d)));
        routes.add("GET", "/deletedsecrets/{name}", "GetDeletedSecret",
                r -> Response.ok(deletedBundle(r, store.deleted(r.param("name")))));
        routes.add("DELETE", "/deletedsecrets/{name}", "PurgeDeletedSecret", r -> {
            store.purge(r.param("name"));
            return Response.noContent();
        });
        routes.add("POST", "/deletedsecrets/{name}/recover", "RecoverDeletedSecret",
                r -> Response.ok(bundle(r, store.recover(r.param("name")), false)));
        routes.add("POST", "/secrets/{name}/backup", "BackupSecret",
                r -> Response.ok(Map.of("value", SecretStore.encodeBlob(store.backup(r.param("name"))))));
        routes.add("POST", "/secrets/restore", "RestoreSecret", r -> restore(store, r));
    }

    private static Response setSecret(SecretStore store, Request r) {
        String name = r.param("name");
        SecretStore.checkName(name);
        Map<String, Object> body = r.jsonObject();
        if (!body.containsKey("value") || body.get("value") == null) {
            throw ServiceError.badParameter("The secret value is required: the request body needs a 'value' string.");
        }
        String value = Json.string(body, "value");
        Map<String, Object> attributes = Json.object(body, "attributes");
        Boolean enabled = attributes == null ? null : Json.bool(attributes, "enabled");
        Long nbf = attributes == null ? null : Json.number(attributes, "nbf");
        Long exp = attributes == null ? null : Json.number(attributes, "exp");
        SecretVersion v = store.set(name, value, Json.string(body, "contentType"), tags(body), enabled, nbf, exp);
        return Response.ok(bundle(r, v, true));
    }

    private static Response update(SecretStore store, Request r, String version) {
        Map<String, Object> body = r.body().length == 0 ? Map.of() : r.jsonObject();
        Map<String, Object> attributes = Json.object(body, "attributes");
        SecretVersion v = store.update(r.param("name"), version, Json.string(body, "contentType"), tags(body),
                attributes == null ? null : Json.bool(attributes, "enabled"),
                attributes == null ? null : Json.number(attributes, "nbf"),
                attributes == null ? null : Json.number(attributes, "exp"));
        return Response.ok(bundle(r, v, false));
    }

    private static Response restore(SecretStore store, Request r) {
        Map<String, Object> body = r.jsonObject();
        String blob = Json.string(body, "value");
        if (blob == null) {
            throw ServiceError.badParameter("The backup blob is required: the request body needs a 'value' string.");
        }
        return Response.ok(bundle(r, store.restore(SecretStore.decodeBlob(blob)), false));
    }

    private static Map<String, String> tags(Map<String, Object> body) {
        Map<String, Object> raw = Json.object(body, "tags");
        if (raw == null) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null && !(v instanceof String)) {
                throw ServiceError.badParameter("Tag '" + k + "' must have a string value.");
            }
            tags.put(k, (String) v);
        });
        return tags;
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    static Map<String, Object> attributes(SecretVersion v) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("enabled", v.enabled());
        if (v.notBefore() != null) {
            a.put("nbf", v.notBefore());
        }
        if (v.expires() != null) {
            a.put("exp", v.expires());
        }
        a.put("created", v.created());
        a.put("updated", v.updated());
        a.put("recoveryLevel", SecretStore.RECOVERY_LEVEL);
        a.put("recoverableDays", SecretStore.RECOVERABLE_DAYS);
        return a;
    }

    /** SecretBundle. */
    static Map<String, Object> bundle(Request r, SecretVersion v, boolean withValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (withValue) {
            m.put("value", v.value());
        }
        m.put("id", r.baseUrl() + "/secrets/" + v.name() + "/" + v.version());
        common(m, v);
        if (v.kid() != null) {
            m.put("kid", v.kid());
        }
        return m;
    }

    private static void common(Map<String, Object> m, SecretVersion v) {
        if (v.contentType() != null) {
            m.put("contentType", v.contentType());
        }
        m.put("attributes", attributes(v));
        if (!v.tags().isEmpty()) {
            m.put("tags", new LinkedHashMap<>(v.tags()));
        }
        if (v.managed()) {
            m.put("managed", true);
        }
    }

    /** SecretItem: id without version in GetSecrets, with version in GetSecretVersions. */
    static Map<String, Object> item(Request r, SecretVersion v, boolean withVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.baseUrl() + "/secrets/" + v.name() + (withVersion ? "/" + v.version() : ""));
        common(m, v);
        return m;
    }

    private static void deletedFields(Request r, Map<String, Object> m, DeletedSecret d) {
        m.put("recoveryId", r.baseUrl() + "/deletedsecrets/" + d.latest().name());
        m.put("deletedDate", d.deletedDate());
        m.put("scheduledPurgeDate", d.scheduledPurgeDate());
    }

    /** DeletedSecretBundle (no value, as the service answers). */
    static Map<String, Object> deletedBundle(Request r, DeletedSecret d) {
        Map<String, Object> m = bundle(r, d.latest(), false);
        deletedFields(r, m, d);
        return m;
    }

    /** DeletedSecretItem. */
    static Map<String, Object> deletedItem(Request r, DeletedSecret d) {
        Map<String, Object> m = item(r, d.latest(), false);
        deletedFields(r, m, d);
        return m;
    }
}
