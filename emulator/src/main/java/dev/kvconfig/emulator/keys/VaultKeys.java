package dev.kvconfig.emulator.keys;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The keys of one emulated vault: create (RSA 2048/3072/4096, EC P-256/P-384/P-521), get, list, list versions,
 * update, soft delete (get/list/recover/purge deleted), sign and verify (RS/PS/ES 256/384/512), encrypt, decrypt,
 * wrapKey and unwrapKey (RSA-OAEP, RSA-OAEP-256, RSA1_5), and the managed keys
 * behind certificates ({@link #putManaged}).
 *
 * <p>Operations take {@code vaultBase}, the scheme-host-port the client used ({@code https://localhost:P}), so key ids
 * lead back to the same listener. Request and reply bodies are untyped JSON ({@link Json}); errors are
 * {@link ServiceError}s with the service's codes. Only public key material ever leaves this class over HTTP; the state
 * file ({@link #export()}) keeps private halves too. Thread-safe.
 */
public final class VaultKeys {
    static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    static final int RECOVERABLE_DAYS = 90;
    private static final Set<String> KEY_OPS =
            Set.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "export");
    private static final BigInteger F4 = BigInteger.valueOf(65537);
    private static final int MAX_TAGS = 15;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** lower-case name -> versions, oldest first; each list is immutable and replaced whole. */
    private final ConcurrentHashMap<String, List<KeyVersion>> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Deleted> deleted = new ConcurrentHashMap<>();
    /** Told after every change of state that the state file keeps (managed keys excluded). */
    private volatile Runnable changed = () -> { };

    /** A soft-deleted key with all its versions. */
    record Deleted(List<KeyVersion> versions, long deletedDate) {
        KeyVersion latest() {
            return versions.get(versions.size() - 1);
        }
    }

    VaultKeys(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private String newVersion() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServiceError.badParameter("The key name '" + name + "' is invalid: use 1-127 characters of"
                    + " 0-9, a-z, A-Z and '-'.");
        }
    }

    static ServiceError keyNotFound(String name, String version) {
        String id = version == null || version.isEmpty() ? name : name + "/" + version;
        return ServiceError.notFound("KeyNotFound", "A key with (name/id) " + id + " was not found in this key vault."
                + " If you recently deleted this key you may be able to recover it using the correct recovery command."
                + " For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    // ---- state file ----------------------------------------------------------------------------------------------

    /** Whether a key of this name exists, live or soft-deleted. */
    public boolean contains(String name) {
        return name != null && (keys.containsKey(key(name)) || deleted.containsKey(key(name)));
    }

    /** Sets what runs after each change the state file keeps (the emulator rewrites the file). */
    public void onChange(Runnable listener) {
        this.changed = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The keys for the state file, private halves included (PKCS#8, base64: the file is for a laptop, like the secret
     * values next to it). Certificates' managed keys are left out: the certificates' own section puts them back.
     */
    public Map<String, Object> export() {
        List<Object> live = new ArrayList<>();
        for (List<KeyVersion> versions : keys.values()) {
            if (!versions.isEmpty() && !versions.get(0).managed()) {
                live.add(versions.stream().map(VaultKeys::toState).toList());
            }
        }
        List<Object> gone = new ArrayList<>();
        for (Deleted d : deleted.values()) {
            if (!d.latest().managed()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("deletedDate", d.deletedDate());
                m.put("versions", d.versions().stream().map(VaultKeys::toState).toList());
                gone.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keys", live);
        out.put("deleted", gone);
        return out;
    }

    /** Replaces the keys with those of a state file section written by {@link #export()}. */
    @SuppressWarnings("unchecked")
    public void load(Map<String, Object> state) {
        keys.clear();
        deleted.clear();
        for (Object o : Json.list(state, "keys")) {
            List<KeyVersion> versions = ((List<Object>) o).stream().map(v -> fromState((Map<String, Object>) v))
                    .toList();
            if (!versions.isEmpty()) {
                keys.put(key(versions.get(0).name()), versions);
            }
        }
        for (Object o : Json.list(state, "deleted")) {
            Map<String, Object> m = (Map<String, Object>) o;
            List<KeyVersion> versions = Json.list(m, "versions").stream()
                    .map(v -> fromState((Map<String, Object>) v)).toList();
            if (!versions.isEmpty()) {
                deleted.put(key(versions.get(0).name()), new Deleted(versions, Json.number(m, "deletedDate")));
            }
        }
    }

    private static Map<String, Object> toState(KeyVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("kty", v.material().kty());
        m.put("curve", v.material().curve());
        KeyPairCodec.write(v.material().keyPair(), m);
        m.put("keyOps", v.keyOps());
        m.put("enabled", v.enabled());
        m.put("nbf", v.notBefore());
        m.put("exp", v.expires());
        m.put("created", v.created());
        m.put("updated", v.updated());
        m.put("tags", v.tags());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static KeyVersion fromState(Map<String, Object> m) {
        String kty = Json.string(m, "kty");
        try {
            KeyPair pair = KeyPairCodec.read(m, kty.startsWith("EC") ? "EC" : "RSA");
            Map<String, String> tags = Json.stringMap(m, "tags");
            List<String> ops = Json.list(m, "keyOps").stream().map(String::valueOf).toList();
            return new KeyVersion(Json.string(m, "name"), Json.string(m, "version"),
                    new KeyMaterial(kty, Json.string(m, "curve"), pair), ops, !Boolean.FALSE.equals(Json.bool(m, "enabled")),
                    Json.number(m, "nbf"), Json.number(m, "exp"), Json.number(m, "created"), Json.number(m, "updated"),
                    tags, false);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the state file holds a key that cannot be read: " + Json.string(m, "name"), e);
        }
    }

    // ---- create ------------------------------------------------------------------------------------------------

    /**
     * A new key (or version) with the type's defaults, RSA 2048 or EC P-256 and every operation the type allows, for
     * the emulator's direct API (seeding).
     *
     * @param kty {@code RSA} or {@code EC}
     * @return the new version id
     * @throws ServiceError as CreateKey would answer
     */
    public String createWithDefaults(String vaultBase, String name, String kty) {
        create(vaultBase, name, Map.of("kty", kty));
        List<KeyVersion> versions = keys.get(key(name));
        return versions.get(versions.size() - 1).version();
    }

    /** CreateKey: a new key, or a new version of an existing one. */
    Map<String, Object> create(String vaultBase, String name, Map<String, Object> request) {
        checkName(name);
        if (deleted.containsKey(key(name))) {
            throw conflictDeleted(name);
        }
        String kty = Json.string(request, "kty");
        if (kty == null) {
            throw ServiceError.badParameter("Property 'kty' is required: RSA, RSA-HSM, EC or EC-HSM.");
        }
        KeyMaterial material = switch (kty) {
            case "RSA", "RSA-HSM" -> generateRsa(kty, request);
            case "EC", "EC-HSM" -> generateEc(kty, request);
            default -> throw ServiceError.badParameter("Key type '" + kty + "' is not supported by the emulator:"
                    + " use RSA, RSA-HSM, EC or EC-HSM.");
        };
        List<String> ops = keyOps(request, material.isRsa() ? KeyMaterial.RSA_OPS : KeyMaterial.EC_OPS);
        Map<String, Object> attributes = Json.object(request, "attributes");
        Boolean enabled = attributes == null ? null : Json.bool(attributes, "enabled");
        long now = now();
        KeyVersion version = new KeyVersion(storedName(name), newVersion(), material, ops, enabled == null || enabled,
                attributes == null ? null : Json.number(attributes, "nbf"),
                attributes == null ? null : Json.number(attributes, "exp"), now, now, tags(request), false);
        add(version);
        changed.run();
        return bundle(vaultBase, version);
    }

    private static KeyMaterial generateRsa(String kty, Map<String, Object> request) {
        Long size = Json.number(request, "key_size");
        if (size != null && !KeyMaterial.RSA_SIZES.contains(size.intValue())) {
            throw ServiceError.badParameter("RSA key_size " + size + " is not supported: use 2048, 3072 or 4096.");
        }
        // KeyClient 4.11 sends "public_exponent": 0 when none was set; the service reads 0 as the default 65537
        Long exponent = Json.number(request, "public_exponent");
        if (exponent != null && exponent != 0 && exponent != 65537) {
            throw ServiceError.badParameter("public_exponent " + exponent + " is not supported: use 65537.");
        }
        return KeyMaterial.generateRsa(kty, size == null ? 2048 : size.intValue(), F4);
    }

    private static KeyMaterial generateEc(String kty, Map<String, Object> request) {
        String curve = Json.string(request, "crv");
        if (curve == null) {
            curve = "P-256";
        }
        if (!KeyMaterial.CURVES.containsKey(curve)) {
            throw ServiceError.badParameter("Curve '" + curve + "' is not supported by the emulator: use P-256,"
                    + " P-384 or P-521.");
        }
        return KeyMaterial.generateEc(kty, curve);
    }

    private static List<String> keyOps(Map<String, Object> request, List<String> defaults) {
        List<Object> ops = Json.list(request, "key_ops");
        if (ops == null) {
            return defaults;
        }
        List<String> out = new ArrayList<>();
        for (Object op : ops) {
            if (!(op instanceof String s) || !KEY_OPS.contains(s)) {
                throw ServiceError.badParameter("key_ops value '" + op + "' is invalid: use " + KEY_OPS + ".");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, String> tags(Map<String, Object> request) {
        Map<String, Object> tags = Json.object(request, "tags");
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw ServiceError.badParameter("A key may have at most " + MAX_TAGS + " tags; the request has "
                    + tags.size() + ".");
        }
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    private static ServiceError conflictDeleted(String name) {
        return ServiceError.conflict("ObjectIsDeletedButRecoverable", "Key " + name + " is currently in a deleted but"
                + " recoverable state, and its name cannot be reused; in this state, the key can only be recovered"
                + " or purged.");
    }

    /** The name as first created, so every version reports the same case; {@code name} for a new key. */
    private String storedName(String name) {
        List<KeyVersion> versions = keys.get(key(name));
        return versions == null || versions.isEmpty() ? name : versions.get(0).name();
    }

    private void add(KeyVersion version) {
        keys.merge(key(version.name()), List.of(version), (old, added) -> {
            List<KeyVersion> all = new ArrayList<>(old);
            all.addAll(added);
            return List.copyOf(all);
        });
    }

    /**
     * Stores a certificate's backing key ({@code managed: true}) under the certificate's name and version. The private
     * half stays here so the key can sign, as a certificate's key can in Key Vault.
     *
     * @throws ServiceError 400 for a bad name, 409 when a key of that name is soft-deleted
     */
    public void putManaged(String name, String version, KeyPair pair, boolean enabled, Long notBefore, Long expires,
            Map<String, String> tags) {
        checkName(name);
        if (deleted.containsKey(key(name))) {
            throw conflictDeleted(name);
        }
        KeyMaterial material = KeyMaterial.of(pair);
        long now = now();
        add(new KeyVersion(storedName(name), version, material, material.isRsa() ? KeyMaterial.RSA_OPS : KeyMaterial.EC_OPS,
                enabled, notBefore, expires, now, now, tags, true));
    }

    // ---- read --------------------------------------------------------------------------------------------------

    private KeyVersion find(String name, String version) {
        List<KeyVersion> versions = name == null ? null : keys.get(key(name));
        if (versions == null || versions.isEmpty()) {
            throw keyNotFound(name, version);
        }
        if (version == null || version.isEmpty()) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst()
                .orElseThrow(() -> keyNotFound(name, version));
    }

    /** GetKey; an empty or {@code null} version means the latest. */
    Map<String, Object> get(String vaultBase, String name, String version) {
        return bundle(vaultBase, find(name, version));
    }

    /** The latest version of every key, by name, for GetKeys. */
    List<KeyVersion> latestOfEach() {
        return keys.values().stream().filter(v -> !v.isEmpty()).map(v -> v.get(v.size() - 1))
                .sorted(Comparator.comparing(v -> key(v.name()))).toList();
    }

    /** All versions of a key, oldest first, for GetKeyVersions. */
    List<KeyVersion> versions(String name) {
        List<KeyVersion> versions = name == null ? null : keys.get(key(name));
        if (versions == null || versions.isEmpty()) {
            throw keyNotFound(name, null);
        }
        return versions;
    }

    // ---- update / delete ---------------------------------------------------------------------------------------

    /** UpdateKey: key_ops, attributes (enabled, nbf, exp) and tags; absent members stay as they are. */
    Map<String, Object> update(String vaultBase, String name, String version, Map<String, Object> request) {
        KeyVersion current = find(name, version);
        Map<String, Object> attributes = Json.object(request, "attributes");
        Boolean enabled = attributes == null ? null : Json.bool(attributes, "enabled");
        List<String> ops = request.containsKey("key_ops") ? keyOps(request, current.keyOps()) : null;
        KeyVersion updated = current.withUpdate(ops, enabled,
                attributes == null ? null : Json.number(attributes, "nbf"),
                attributes == null ? null : Json.number(attributes, "exp"),
                attributes != null && attributes.containsKey("nbf"), attributes != null && attributes.containsKey("exp"),
                request.containsKey("tags") ? tags(request) : null, now());
        keys.computeIfPresent(key(current.name()), (k, list) -> list.stream()
                .map(v -> v.version().equals(current.version()) ? updated : v).toList());
        changed.run();
        return bundle(vaultBase, updated);
    }

    /** DeleteKey: soft delete; answers a DeletedKeyBundle. */
    Map<String, Object> delete(String vaultBase, String name) {
        List<KeyVersion> removed = name == null ? null : keys.remove(key(name));
        if (removed == null) {
            throw keyNotFound(name, null);
        }
        Deleted entry = new Deleted(removed, now());
        deleted.put(key(name), entry);
        changed.run();
        return deletedBundle(vaultBase, entry);
    }

    /** GetDeletedKey. */
    Map<String, Object> getDeleted(String vaultBase, String name) {
        return deletedBundle(vaultBase, findDeleted(name));
    }

    /** PurgeDeletedKey. */
    void purgeDeleted(String name) {
        findDeleted(name);
        deleted.remove(key(name));
        changed.run();
    }

    /** RecoverDeletedKey. */
    Map<String, Object> recoverDeleted(String vaultBase, String name) {
        Deleted entry = findDeleted(name);
        deleted.remove(key(name));
        keys.put(key(name), entry.versions());
        changed.run();
        return bundle(vaultBase, entry.latest());
    }

    /** The deleted keys, by name, for GetDeletedKeys. */
    List<Deleted> deletedKeys() {
        return deleted.values().stream().sorted(Comparator.comparing(d -> key(d.latest().name()))).toList();
    }

    private Deleted findDeleted(String name) {
        Deleted entry = name == null ? null : deleted.get(key(name));
        if (entry == null) {
            throw ServiceError.notFound("KeyNotFound", "Deleted Key not found: " + name);
        }
        return entry;
    }

    Map<String, Object> deletedBundle(String vaultBase, Deleted entry) {
        Map<String, Object> bundle = bundle(vaultBase, entry.latest());
        bundle.putAll(deletedFields(vaultBase, entry));
        return bundle;
    }

    static Map<String, Object> deletedItem(String vaultBase, Deleted entry) {
        Map<String, Object> item = item(vaultBase + "/keys/" + entry.latest().name(), entry.latest());
        item.putAll(deletedFields(vaultBase, entry));
        return item;
    }

    private static Map<String, Object> deletedFields(String vaultBase, Deleted entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recoveryId", vaultBase + "/deletedkeys/" + entry.latest().name());
        fields.put("deletedDate", entry.deletedDate());
        fields.put("scheduledPurgeDate", entry.deletedDate() + RECOVERABLE_DAYS * 86_400L);
        return fields;
    }

    // ---- crypto ------------------------------------------------------------------------------------------------

    /** Sign with {@code {"alg","value"}}; value is the base64url digest the client computed. */
    Map<String, Object> sign(String vaultBase, String name, String version, Map<String, Object> request) {
        KeyVersion key = find(name, version);
        SignatureAlgorithm alg = algorithm(request, key, "sign");
        byte[] digest = digest(alg, request, "value");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kid", kid(vaultBase, key));
        result.put("value", KeyMaterial.base64Url(alg.sign(key.material().keyPair(), digest)));
        return result;
    }

    /** Verify with {@code {"alg","digest","value"}}. */
    Map<String, Object> verify(String vaultBase, String name, String version, Map<String, Object> request) {
        KeyVersion key = find(name, version);
        SignatureAlgorithm alg = algorithm(request, key, "verify");
        byte[] digest = digest(alg, request, "digest");
        return Map.of("value", alg.verify(key.material().keyPair(), digest, bytes(request, "value")));
    }

    /**
     * Encrypt ({@code encrypt}) or wrap ({@code wrapKey}) with {@code {"alg","value"}}: RSA-OAEP, RSA-OAEP-256 or
     * RSA1_5 with the key's public half; the answer is {@code {"kid","value"}}, value base64url.
     */
    Map<String, Object> encrypt(String vaultBase, String name, String version, Map<String, Object> request,
            String operation) {
        KeyVersion key = find(name, version);
        EncryptionAlgorithm alg = encryptionAlgorithm(request, key, operation);
        byte[] input = bytes(request, "value");
        try {
            return result(vaultBase, key, alg.encrypt(key.material().keyPair().getPublic(), input));
        } catch (GeneralSecurityException e) {
            throw ServiceError.badParameter("Operation " + operation + " with " + alg + " failed: the value is too"
                    + " long for the key (" + input.length + " bytes).");
        }
    }

    /** Decrypt ({@code decrypt}) or unwrap ({@code unwrapKey}) with {@code {"alg","value"}}, with the private half. */
    Map<String, Object> decrypt(String vaultBase, String name, String version, Map<String, Object> request,
            String operation) {
        KeyVersion key = find(name, version);
        EncryptionAlgorithm alg = encryptionAlgorithm(request, key, operation);
        byte[] input = bytes(request, "value");
        try {
            return result(vaultBase, key, alg.decrypt(key.material().keyPair().getPrivate(), input));
        } catch (GeneralSecurityException e) {
            throw ServiceError.badParameter("Operation " + operation + " with " + alg + " failed: the value is not"
                    + " a ciphertext of this key with this algorithm.");
        }
    }

    private static Map<String, Object> result(String vaultBase, KeyVersion key, byte[] value) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kid", kid(vaultBase, key));
        result.put("value", KeyMaterial.base64Url(value));
        return result;
    }

    private EncryptionAlgorithm encryptionAlgorithm(Map<String, Object> request, KeyVersion key, String operation) {
        checkUsable(key, operation);
        String name = Json.string(request, "alg");
        EncryptionAlgorithm alg = EncryptionAlgorithm.named(name);
        if (alg == null) {
            throw ServiceError.badParameter("Algorithm '" + name + "' is not supported by the emulator for "
                    + operation + ": use " + EncryptionAlgorithm.names() + ".");
        }
        if (!key.material().isRsa()) {
            throw ServiceError.badParameter("Algorithm " + alg + " needs an RSA key; this key is "
                    + key.material().kty() + ".");
        }
        return alg;
    }

    /** The checks every cryptographic operation makes first: enabled, within nbf/exp, and allowed by key_ops. */
    private void checkUsable(KeyVersion key, String operation) {
        if (!key.enabled()) {
            throw ServiceError.forbidden("KeyDisabled", "Operation " + operation
                    + " is not allowed on a disabled key.");
        }
        long now = now();
        if ((key.notBefore() != null && now < key.notBefore()) || (key.expires() != null && now > key.expires())) {
            throw new ServiceError(403, "Forbidden", "Operation " + operation + " is not allowed: the key is not"
                    + " yet valid or has expired.", null);
        }
        if (!key.keyOps().contains(operation)) {
            throw new ServiceError(403, "Forbidden", "Operation " + operation + " is not permitted on this key;"
                    + " its key_ops are " + key.keyOps() + ".", null);
        }
    }

    private SignatureAlgorithm algorithm(Map<String, Object> request, KeyVersion key, String operation) {
        checkUsable(key, operation);
        String name = Json.string(request, "alg");
        SignatureAlgorithm alg = SignatureAlgorithm.named(name);
        if (alg == null) {
            throw ServiceError.badParameter("Algorithm '" + name + "' is not supported by the emulator: use RS256,"
                    + " RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512.");
        }
        String mismatch = alg.mismatch(key.material());
        if (mismatch != null) {
            throw ServiceError.badParameter(mismatch);
        }
        return alg;
    }

    private static byte[] digest(SignatureAlgorithm alg, Map<String, Object> request, String field) {
        byte[] digest = bytes(request, field);
        String bad = alg.badDigest(digest);
        if (bad != null) {
            throw ServiceError.badParameter(bad);
        }
        return digest;
    }

    private static byte[] bytes(Map<String, Object> request, String field) {
        String value = Json.string(request, field);
        if (value == null) {
            throw ServiceError.badParameter("Property '" + field + "' is required (base64url).");
        }
        try {
            return Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw ServiceError.badParameter("Property '" + field + "' is not valid base64url.");
        }
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    static String kid(String vaultBase, KeyVersion key) {
        return vaultBase + "/keys/" + key.name() + "/" + key.version();
    }

    private static Map<String, Object> attributes(KeyVersion key) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", key.enabled());
        if (key.notBefore() != null) {
            attributes.put("nbf", key.notBefore());
        }
        if (key.expires() != null) {
            attributes.put("exp", key.expires());
        }
        attributes.put("created", key.created());
        attributes.put("updated", key.updated());
        attributes.put("recoveryLevel", "Recoverable+Purgeable");
        attributes.put("recoverableDays", RECOVERABLE_DAYS);
        attributes.put("exportable", false);
        return attributes;
    }

    static Map<String, Object> bundle(String vaultBase, KeyVersion key) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("key", key.material().publicJwk(kid(vaultBase, key), key.keyOps()));
        bundle.put("attributes", attributes(key));
        bundle.put("tags", key.tags());
        if (key.managed()) {
            bundle.put("managed", true);
        }
        return bundle;
    }

    /** A KeyItem; {@code kid} is without version in GetKeys and with it in GetKeyVersions. */
    static Map<String, Object> item(String kid, KeyVersion key) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kid", kid);
        item.put("attributes", attributes(key));
        item.put("tags", key.tags());
        if (key.managed()) {
            item.put("managed", true);
        }
        return item;
    }

    @Override
    public String toString() {
        return "VaultKeys[keys=" + keys.size() + ", deleted=" + deleted.size() + "]";
    }
}
