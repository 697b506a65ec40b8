package dev.kvconfig.emulator.secrets;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The secrets of one vault, with the service's rules (names, sizes, soft delete). Names are case-insensitive and kept
 * in the case first stored. Thread safe: every method locks the store.
 *
 * <p>Rule violations throw {@link ServiceError} with the Key Vault code, so handlers can let them through.
 * Certificates use {@link #setManaged} for their backing secrets.
 */
public final class SecretStore {
    /** Soft-delete retention, as a vault created with the defaults has. */
    public static final int RECOVERABLE_DAYS = 90;
    /** The recovery level such a vault reports. */
    public static final String RECOVERY_LEVEL = "Recoverable+Purgeable";
    /** The service's limit on a secret value, in bytes (25 KB). */
    public static final int MAX_VALUE_BYTES = 25 * 1024;
    static final int MAX_CONTENT_TYPE = 255;
    static final int MAX_TAGS = 15;
    private static final Pattern NAME = Pattern.compile("^[0-9a-zA-Z-]{1,127}$");
    private static final String BACKUP_MAGIC = "kvconfig-emulator-secret-backup-v1";

    private final String vault;
    private final Clock clock;
    private final Runnable onChange;
    /** lower-case name -> versions, oldest first. */
    private final Map<String, List<SecretVersion>> live = new HashMap<>();
    private final Map<String, Deleted> deleted = new HashMap<>();

    private record Deleted(List<SecretVersion> versions, long deletedDate, long scheduledPurgeDate) {
    }

    /**
     * @param vault    the vault name (for messages)
     * @param clock    the clock for created/updated/deleted dates
     * @param onChange called after every change (outside no lock guarantees; keep it cheap)
     */
    public SecretStore(String vault, Clock clock, Runnable onChange) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    /** The vault name. */
    public String vault() {
        return vault;
    }

    /**
     * Checks a secret (or certificate) name.
     *
     * @throws ServiceError 400 BadParameter when it is not {@code ^[0-9a-zA-Z-]{1,127}$}
     */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServiceError.badParameter("The request URI contains an invalid name: '" + clip(name)
                    + "'. Secret names are 1-127 characters of 0-9, a-z, A-Z and '-'.");
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 140 ? s.substring(0, 140) + "…" : s;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String newVersion() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Adds a new version (SetSecret).
     *
     * @throws ServiceError 400 for a bad name/value/content type/tags, 409 when the name is soft-deleted
     */
    public SecretVersion set(String name, String value, String contentType, Map<String, String> tags,
                             Boolean enabled, Long notBefore, Long expires) {
        return add(name, null, value, contentType, tags, enabled, notBefore, expires, false, null);
    }

    /**
     * Adds a new version of a certificate's backing secret ({@code managed: true}, {@code kid}).
     *
     * @throws ServiceError as {@link #set}
     */
    public SecretVersion setManaged(String name, String value, String contentType, Map<String, String> tags, String kid) {
        return add(name, null, value, contentType, tags, true, null, null, true, kid);
    }

    /**
     * Adds a certificate's backing secret with the certificate's own version id (a certificate, its key and its secret
     * share one version), {@code managed: true}, {@code kid}, and the certificate's validity as nbf/exp.
     *
     * @throws ServiceError as {@link #set}
     */
    public SecretVersion setManaged(String name, String version, String value, String contentType,
                                    Map<String, String> tags, String kid, boolean enabled, Long notBefore, Long expires) {
        return add(name, Objects.requireNonNull(version, "version"), value, contentType, tags, enabled, notBefore,
                expires, true, kid);
    }

    private SecretVersion add(String name, String version, String value, String contentType, Map<String, String> tags,
                              Boolean enabled, Long notBefore, Long expires, boolean managed, String kid) {
        checkName(name);
        if (value == null) {
            throw ServiceError.badParameter("The secret value is required: the request body needs a 'value' string.");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw ServiceError.badParameter("The secret value is " + bytes + " bytes; the maximum is "
                    + MAX_VALUE_BYTES + " bytes (25 KB).");
        }
        checkContentType(contentType);
        Map<String, String> checkedTags = checkTags(tags);
        SecretVersion v;
        synchronized (this) {
            String k = key(name);
            if (deleted.containsKey(k)) {
                throw conflictDeleted(deleted.get(k).versions().get(0).name());
            }
            List<SecretVersion> versions = live.computeIfAbsent(k, x -> new ArrayList<>());
            String stored = versions.isEmpty() ? name : versions.get(0).name();
            long now = now();
            v = new SecretVersion(stored, version == null ? newVersion() : version, value, contentType, checkedTags,
                    enabled == null || enabled, notBefore, expires, now, now, managed, kid);
            versions.add(v);
        }
        onChange.run();
        return v;
    }

    static void checkContentType(String contentType) {
        if (contentType != null && contentType.length() > MAX_CONTENT_TYPE) {
            throw ServiceError.badParameter("The content type is " + contentType.length()
                    + " characters; the maximum is " + MAX_CONTENT_TYPE + ".");
        }
    }

    static Map<String, String> checkTags(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw ServiceError.badParameter("At most " + MAX_TAGS + " tags are allowed; got " + tags.size() + ".");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().length() > 512 || (e.getValue() != null && e.getValue().length() > 256)) {
                throw ServiceError.badParameter("Tag '" + clip(e.getKey())
                        + "' is too long: names are at most 512 characters, values at most 256.");
            }
        }
        return tags;
    }

    private static ServiceError conflictDeleted(String name) {
        return ServiceError.conflict("ObjectIsDeletedButRecoverable", "Secret " + name
                + " is currently in a deleted but recoverable state, and its name cannot be reused; in this state,"
                + " the secret can only be recovered or purged.");
    }

    private static ServiceError notFound(String nameOrId) {
        return ServiceError.notFound("SecretNotFound", "A secret with (name/id) " + clip(nameOrId)
                + " was not found in this key vault. If you recently deleted this secret you may be able to recover"
                + " it using the correct recovery command. For help resolving this issue, please see"
                + " https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    private static ServiceError deletedNotFound(String name) {
        return ServiceError.notFound("SecretNotFound", "Deleted Secret not found: " + clip(name));
    }

    /**
     * The version, or the latest when {@code version} is null or empty (GetSecret without the value check).
     *
     * @throws ServiceError 404 SecretNotFound
     */
    public synchronized SecretVersion get(String name, String version) {
        checkName(name);
        List<SecretVersion> versions = live.get(key(name));
        if (versions == null) {
            throw notFound(name);
        }
        if (version == null || version.isEmpty()) {
            return versions.get(versions.size() - 1);
        }
        for (SecretVersion v : versions) {
            if (v.version().equalsIgnoreCase(version)) {
                return v;
            }
        }
        throw notFound(name + "/" + version);
    }

    /**
     * As {@link #get}, but refuses a disabled version as the service does for reading a value.
     *
     * @throws ServiceError 404 SecretNotFound, 403 Forbidden/SecretDisabled
     */
    public SecretVersion read(String name, String version) {
        SecretVersion v = get(name, version);
        if (!v.enabled()) {
            throw ServiceError.forbidden("SecretDisabled", "Operation get is not allowed on a disabled secret.");
        }
        return v;
    }

    /** True when a live secret has this name (any case). */
    public synchronized boolean exists(String name) {
        return live.containsKey(key(name));
    }

    /**
     * Updates attributes of one version (latest when {@code version} is empty); null arguments keep the old value.
     *
     * @throws ServiceError 404, 400
     */
    public SecretVersion update(String name, String version, String contentType, Map<String, String> tags,
                                Boolean enabled, Long notBefore, Long expires) {
        checkContentType(contentType);
        Map<String, String> checkedTags = tags == null ? null : checkTags(tags);
        SecretVersion updated;
        synchronized (this) {
            SecretVersion old = get(name, version);
            updated = old.withAttributes(contentType != null ? contentType : old.contentType(),
                    checkedTags != null ? checkedTags : old.tags(), enabled != null ? enabled : old.enabled(),
                    notBefore != null ? notBefore : old.notBefore(), expires != null ? expires : old.expires(), now());
            List<SecretVersion> versions = live.get(key(name));
            versions.set(versions.indexOf(old), updated);
        }
        onChange.run();
        return updated;
    }

    /** Latest version of every live secret, sorted by name (case-insensitive). */
    public synchronized List<SecretVersion> list() {
        List<SecretVersion> out = new ArrayList<>();
        for (List<SecretVersion> versions : live.values()) {
            out.add(versions.get(versions.size() - 1));
        }
        out.sort(Comparator.comparing(v -> key(v.name())));
        return out;
    }

    /** All versions of a secret, oldest first; empty when there is no such secret. */
    public synchronized List<SecretVersion> versions(String name) {
        checkName(name);
        List<SecretVersion> versions = live.get(key(name));
        return versions == null ? List.of() : List.copyOf(versions);
    }

    /**
     * Soft-deletes a secret with all its versions.
     *
     * @throws ServiceError 404 SecretNotFound
     */
    public DeletedSecret delete(String name) {
        DeletedSecret result;
        synchronized (this) {
            checkName(name);
            List<SecretVersion> versions = live.remove(key(name));
            if (versions == null) {
                throw notFound(name);
            }
            long now = now();
            Deleted d = new Deleted(List.copyOf(versions), now, now + RECOVERABLE_DAYS * 86_400L);
            deleted.put(key(name), d);
            result = view(d);
        }
        onChange.run();
        return result;
    }

    private static DeletedSecret view(Deleted d) {
        return new DeletedSecret(d.versions().get(d.versions().size() - 1), d.deletedDate(), d.scheduledPurgeDate());
    }

    /** The soft-deleted secret. @throws ServiceError 404 SecretNotFound */
    public synchronized DeletedSecret deleted(String name) {
        checkName(name);
        Deleted d = deleted.get(key(name));
        if (d == null) {
            throw deletedNotFound(name);
        }
        return view(d);
    }

    /** All soft-deleted secrets sorted by name. */
    public synchronized List<DeletedSecret> deletedList() {
        List<DeletedSecret> out = new ArrayList<>();
        for (Deleted d : deleted.values()) {
            out.add(view(d));
        }
        out.sort(Comparator.comparing(d -> key(d.latest().name())));
        return out;
    }

    /** Recovers a soft-deleted secret. @return its latest version @throws ServiceError 404 */
    public SecretVersion recover(String name) {
        SecretVersion latest;
        synchronized (this) {
            checkName(name);
            Deleted d = deleted.remove(key(name));
            if (d == null) {
                throw deletedNotFound(name);
            }
            live.put(key(name), new ArrayList<>(d.versions()));
            latest = d.versions().get(d.versions().size() - 1);
        }
        onChange.run();
        return latest;
    }

    /** Purges a soft-deleted secret for good. @throws ServiceError 404 */
    public void purge(String name) {
        synchronized (this) {
            checkName(name);
            if (deleted.remove(key(name)) == null) {
                throw deletedNotFound(name);
            }
        }
        onChange.run();
    }

    /**
     * An opaque backup blob of all versions (restorable into any vault of this emulator).
     *
     * @throws ServiceError 404
     */
    public synchronized byte[] backup(String name) {
        checkName(name);
        List<SecretVersion> versions = live.get(key(name));
        if (versions == null) {
            throw notFound(name);
        }
        Map<String, Object> blob = new LinkedHashMap<>();
        blob.put("format", BACKUP_MAGIC);
        blob.put("versions", versions.stream().map(SecretStore::toJson).toList());
        return Json.write(blob);
    }

    /**
     * Restores a backup blob.
     *
     * @return the latest restored version
     * @throws ServiceError 400 for a blob this emulator did not make, 409 when the name exists (live or deleted)
     */
    public SecretVersion restore(byte[] backup) {
        List<SecretVersion> versions;
        try {
            Map<String, Object> blob = Json.parseObject(backup);
            if (!BACKUP_MAGIC.equals(blob.get("format"))) {
                throw new IllegalArgumentException("format");
            }
            versions = new ArrayList<>();
            for (Object o : Json.list(blob, "versions")) {
                versions.add(fromJson(castMap(o)));
            }
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
        } catch (RuntimeException e) {
            throw ServiceError.badParameter("Backup blob contains invalid or corrupt version.");
        }
        SecretVersion latest;
        synchronized (this) {
            String k = key(versions.get(0).name());
            if (deleted.containsKey(k)) {
                throw conflictDeleted(versions.get(0).name());
            }
            if (live.containsKey(k)) {
                throw ServiceError.conflict(null, "Secret " + versions.get(0).name() + " already exists.");
            }
            live.put(k, versions);
            latest = versions.get(versions.size() - 1);
        }
        onChange.run();
        return latest;
    }

    /** Sets enabled on the latest version and bumps updated (the emulator's direct API). @throws ServiceError 404 */
    public SecretVersion setEnabled(String name, boolean enabled) {
        return update(name, "", null, null, enabled, null, null);
    }

    /** Everything in this store as untyped JSON, for the state file. Contains values: never log it. */
    public synchronized Map<String, Object> export() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> liveOut = new ArrayList<>();
        for (List<SecretVersion> versions : live.values()) {
            liveOut.add(versions.stream().map(SecretStore::toJson).toList());
        }
        List<Object> deletedOut = new ArrayList<>();
        for (Deleted d : deleted.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deletedDate", d.deletedDate());
            m.put("scheduledPurgeDate", d.scheduledPurgeDate());
            m.put("versions", d.versions().stream().map(SecretStore::toJson).toList());
            deletedOut.add(m);
        }
        out.put("secrets", liveOut);
        out.put("deleted", deletedOut);
        return out;
    }

    /** Replaces the contents with an {@link #export()} (no change notification). */
    @SuppressWarnings("unchecked")
    public synchronized void load(Map<String, Object> state) {
        live.clear();
        deleted.clear();
        for (Object o : Json.list(state, "secrets")) {
            List<SecretVersion> versions = new ArrayList<>();
            for (Object v : (List<Object>) o) {
                versions.add(fromJson(castMap(v)));
            }
            if (!versions.isEmpty()) {
                live.put(key(versions.get(0).name()), versions);
            }
        }
        List<Object> del = Json.list(state, "deleted");
        if (del != null) {
            for (Object o : del) {
                Map<String, Object> m = castMap(o);
                List<SecretVersion> versions = new ArrayList<>();
                for (Object v : Json.list(m, "versions")) {
                    versions.add(fromJson(castMap(v)));
                }
                if (!versions.isEmpty()) {
                    deleted.put(key(versions.get(0).name()), new Deleted(List.copyOf(versions),
                            Json.number(m, "deletedDate"), Json.number(m, "scheduledPurgeDate")));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("not an object");
        }
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> toJson(SecretVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("value", v.value());
        m.put("contentType", v.contentType());
        m.put("tags", new LinkedHashMap<>(v.tags()));
        m.put("enabled", v.enabled());
        m.put("nbf", v.notBefore());
        m.put("exp", v.expires());
        m.put("created", v.created());
        m.put("updated", v.updated());
        m.put("managed", v.managed());
        m.put("kid", v.kid());
        return m;
    }

    private static SecretVersion fromJson(Map<String, Object> m) {
        Map<String, String> tags = Json.stringMap(m, "tags");
        String name = Json.string(m, "name");
        checkName(name);
        String version = Objects.requireNonNull(Json.string(m, "version"), "version");
        Boolean managed = Json.bool(m, "managed");
        return new SecretVersion(name, version, Objects.requireNonNull(Json.string(m, "value"), "value"),
                Json.string(m, "contentType"), tags, Boolean.TRUE.equals(Json.bool(m, "enabled")),
                Json.number(m, "nbf"), Json.number(m, "exp"), Json.number(m, "created"), Json.number(m, "updated"),
                Boolean.TRUE.equals(managed), Json.string(m, "kid"));
    }

    /** The backup blob encoding used on the wire (base64url, no padding). */
    public static String encodeBlob(byte[] blob) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(blob);
    }

    /** Decodes a wire blob. @throws ServiceError 400 when it is not base64url */
    public static byte[] decodeBlob(String blob) {
        try {
            return Base64.getUrlDecoder().decode(blob.trim());
        } catch (IllegalArgumentException e) {
            throw ServiceError.badParameter("Backup blob is not valid base64url.");
        }
    }

    @Override
    public synchronized String toString() {
        return "SecretStore[vault=" + vault + ", secrets=" + live.size() + ", deleted=" + deleted.size() + "]";
    }
}
