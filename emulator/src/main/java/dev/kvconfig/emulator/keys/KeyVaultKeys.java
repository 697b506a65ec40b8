package dev.kvconfig.emulator.keys;

import java.math.BigInteger;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The keys of one emulated vault: create (RSA 2048/3072/4096, EC P-256/P-384/P-521), get, list, list versions,
 * update, delete (soft, with get/recover/purge of the deleted key), sign and verify (RS/PS/ES 256/384/512).
 *
 * <p>Every operation takes {@code vaultBase}, the scheme-host-port the client used ({@code https://localhost:P}), so
 * that key ids ({@code kid}) and {@code nextLink}s lead back to the same listener. Bodies are Key Vault's JSON; replies
 * are {@link Reply}s, errors included ({@code {"error":{"code","message"}}}). Thread-safe.
 */
public final class KeyVaultKeys {
    static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    static final int MAX_PAGE = 25;
    private static final int RECOVERABLE_DAYS = 90;
    private static final Set<String> KEY_OPS =
            Set.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "export");
    private static final BigInteger F4 = BigInteger.valueOf(65537);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, List<KeyVersion>> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Deleted> deleted = new ConcurrentHashMap<>();

    private record Deleted(List<KeyVersion> versions, long deletedDate) {
    }

    public KeyVaultKeys(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    String newVersion() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Reply run(int okStatus, Supplier<Object> action) {
        try {
            Object body = action.get();
            return new Reply(okStatus, body == null ? null : Json.write(body));
        } catch (KeyVaultError e) {
            return e.toReply();
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw KeyVaultError.badParameter("The key name '" + name + "' is invalid: use 1-127 characters of"
                    + " 0-9, a-z, A-Z and '-'.");
        }
    }

    private static Map<String, Object> body(String text) {
        if (text == null || text.isBlank()) {
            throw KeyVaultError.badParameter("The request body is empty; a JSON object is required.");
        }
        try {
            return Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw KeyVaultError.badParameter("The request body is not valid JSON: " + e.getMessage());
        }
    }

    // ---- create ------------------------------------------------------------------------------------------------

    /** {@code POST /keys/{name}/create}: a new key, or a new version of an existing key. */
    public Reply create(String vaultBase, String name, String requestBody) {
        return run(200, () -> {
            checkName(name);
            Map<String, Object> request = body(requestBody);
            if (deleted.containsKey(key(name))) {
                throw conflictDeleted(name);
            }
            String kty = Json.string(request, "kty");
            if (kty == null) {
                throw KeyVaultError.badParameter("Property 'kty' is required: RSA, RSA-HSM, EC or EC-HSM.");
            }
            KeyMaterial material = switch (kty) {
                case "RSA", "RSA-HSM" -> generateRsa(kty, request);
                case "EC", "EC-HSM" -> generateEc(kty, request);
                default -> throw KeyVaultError.badParameter("Key type '" + kty + "' is not supported by the emulator:"
                        + " use RSA, RSA-HSM, EC or EC-HSM.");
            };
            List<String> ops = keyOps(request, material.isRsa() ? KeyMaterial.RSA_OPS : KeyMaterial.EC_OPS);
            Map<String, Object> attributes = Json.object(request, "attributes");
            long now = now();
            KeyVersion version = new KeyVersion(name, newVersion(), material, ops, enabled(attributes),
                    seconds(attributes, "nbf"), seconds(attributes, "exp"), now, now, tags(request), false);
            add(version);
            return bundle(vaultBase, version);
        });
    }

    private static KeyMaterial generateRsa(String kty, Map<String, Object> request) {
        Object size = request.get("key_size");
        int bits = 2048;
        if (size != null) {
            if (!(size instanceof Number n) || !KeyMaterial.RSA_SIZES.contains(n.intValue())) {
                throw KeyVaultError.badParameter("RSA key_size " + size + " is not supported: use 2048, 3072 or 4096.");
            }
            bits = n.intValue();
        }
        Object exponent = request.get("public_exponent");
        if (exponent != null && !(exponent instanceof Number e && e.longValue() == 65537)) {
            throw KeyVaultError.badParameter("public_exponent " + exponent + " is not supported: use 65537.");
        }
        return KeyMaterial.generateRsa(kty, bits, F4);
    }

    private static KeyMaterial generateEc(String kty, Map<String, Object> request) {
        String curve = Json.string(request, "crv");
        if (curve == null) {
            curve = "P-256";
        }
        if (!KeyMaterial.CURVES.containsKey(curve)) {
            throw KeyVaultError.badParameter("Curve '" + curve + "' is not supported by the emulator: use P-256,"
                    + " P-384 or P-521.");
        }
        return KeyMaterial.generateEc(kty, curve);
    }

    private static List<String> keyOps(Map<String, Object> request, List<String> defaults) {
        List<?> ops = Json.list(request, "key_ops");
        if (ops == null) {
            return defaults;
        }
        List<String> out = new ArrayList<>();
        for (Object op : ops) {
            if (!(op instanceof String s) || !KEY_OPS.contains(s)) {
                throw KeyVaultError.badParameter("key_ops value '" + op + "' is invalid: use " + KEY_OPS + ".");
            }
            out.add(s);
        }
        return out;
    }

    private static boolean enabled(Map<String, Object> attributes) {
        Object value = attributes == null ? null : attributes.get("enabled");
        return !(value instanceof Boolean b) || b;
    }

    private static Long seconds(Map<String, Object> attributes, String name) {
        Object value = attributes == null ? null : attributes.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            throw KeyVaultError.badParameter("Attribute '" + name + "' must be a number of seconds since the epoch.");
        }
        return n.longValue();
    }

    private static Map<String, String> tags(Map<String, Object> request) {
        Map<String, Object> tags = Json.object(request, "tags");
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > 15) {
            throw KeyVaultError.badParameter("A key may have at most 15 tags; the request has " + tags.size() + ".");
        }
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    private static KeyVaultError conflictDeleted(String name) {
        return new KeyVaultError(409, "Conflict", "Key " + name + " is currently in a deleted but recoverable state,"
                + " and its name cannot be reused; in this state, the key can only be recovered or purged.",
                "ObjectIsDeletedButRecoverable");
    }

    private void add(KeyVersion version) {
        keys.merge(key(version.name()), List.of(version), (old, added) -> {
            List<KeyVersion> all = new ArrayList<>(old);
            all.addAll(added);
            return List.copyOf(all);
        });
    }

    /**
     * Stores a certificate's backing key ({@code managed: true}) under the certificate's name and version.
     * For the certificates package; not a REST operation.
     */
    public void putManaged(String name, String version, KeyPair pair, boolean enabled, Long notBefore, Long expires,
            Map<String, String> tags) {
        checkName(name);
        KeyMaterial material = KeyMaterial.of(pair);
        long now = now();
        add(new KeyVersion(name, version, material, material.isRsa() ? KeyMaterial.RSA_OPS : KeyMaterial.EC_OPS,
                enabled, notBefore, expires, now, now, tags, true));
    }

    // ---- read --------------------------------------------------------------------------------------------------

    private KeyVersion find(String name, String version) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw KeyVaultError.keyNotFound(name, version);
        }
        List<KeyVersion> versions = keys.get(key(name));
        if (versions == null || versions.isEmpty()) {
            throw KeyVaultError.keyNotFound(name, version);
        }
        if (version == null || version.isEmpty()) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst()
                .orElseThrow(() -> KeyVaultError.keyNotFound(name, version));
    }

    /** {@code GET /keys/{name}/{version}}; an empty or {@code null} version means the latest. */
    public Reply get(String vaultBase, String name, String version) {
        return run(200, () -> bundle(vaultBase, find(name, version)));
    }

    /** {@code GET /keys}: one page of the latest version of every key (ids without version). */
    public Reply list(String vaultBase, String apiVersion, String maxResults, String skipToken) {
        return run(200, () -> {
            List<KeyVersion> latest = keys.values().stream().filter(v -> !v.isEmpty()).map(v -> v.get(v.size() - 1))
                    .sorted(Comparator.comparing(v -> key(v.name()))).toList();
            return page(latest, v -> item(vaultBase + "/keys/" + v.name(), v), vaultBase + "/keys", apiVersion,
                    maxResults, skipToken);
        });
    }

    /** {@code GET /keys/{name}/versions}: one page of the key's versions (ids with version). */
    public Reply listVersions(String vaultBase, String name, String apiVersion, String maxResults, String skipToken) {
        return run(200, () -> {
            List<KeyVersion> versions = keys.get(key(name == null ? "" : name));
            if (versions == null) {
                throw KeyVaultError.keyNotFound(name, null);
            }
            return page(versions, v -> item(kid(vaultBase, v), v), vaultBase + "/keys/" + versions.get(0).name()
                    + "/versions", apiVersion, maxResults, skipToken);
        });
    }

    static <T> Map<String, Object> page(List<T> all, java.util.function.Function<T, Object> render, String link,
            String apiVersion, String maxResults, String skipToken) {
        int size = MAX_PAGE;
        if (maxResults != null && !maxResults.isEmpty()) {
            try {
                size = Integer.parseInt(maxResults);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_PAGE) {
                throw KeyVaultError.badParameter("maxresults '" + maxResults + "' is invalid: use 1 to " + MAX_PAGE + ".");
            }
        }
        int offset = 0;
        if (skipToken != null && !skipToken.isEmpty()) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(skipToken),
                        java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw KeyVaultError.badParameter("$skiptoken '" + skipToken + "' is invalid: use the nextLink as given.");
            }
        }
        List<Object> value = new ArrayList<>();
        for (int i = offset; i < Math.min(all.size(), offset + size); i++) {
            value.add(render.apply(all.get(i)));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("value", value);
        int next = offset + size;
        page.put("nextLink", next < all.size() ? link + "?api-version=" + (apiVersion == null ? "" : apiVersion)
                + "&$skiptoken=" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        String.valueOf(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "&maxresults=" + size : null);
        return page;
    }

    // ---- update / delete ---------------------------------------------------------------------------------------

    /** {@code PATCH /keys/{name}/{version}}: key_ops, attributes (enabled, nbf, exp) and tags. */
    public Reply update(String vaultBase, String name, String version, String requestBody) {
        return run(200, () -> {
            Map<String, Object> request = body(requestBody);
            KeyVersion current = find(name, version);
            Map<String, Object> attributes = Json.object(request, "attributes");
            Boolean enabledValue = attributes != null && attributes.get("enabled") instanceof Boolean b ? b : null;
            List<String> ops = request.containsKey("key_ops") ? keyOps(request, current.keyOps()) : null;
            KeyVersion updated = current.withUpdate(ops, enabledValue, seconds(attributes, "nbf"),
                    seconds(attributes, "exp"), attributes != null && attributes.containsKey("nbf"),
                    attributes != null && attributes.containsKey("exp"),
                    request.containsKey("tags") ? tags(request) : null, now());
            keys.computeIfPresent(key(current.name()), (k, list) -> list.stream()
                    .map(v -> v.version().equals(current.version()) ? updated : v).toList());
            return bundle(vaultBase, updated);
        });
    }

    /** {@code DELETE /keys/{name}}: soft delete; answers a DeletedKeyBundle. */
    public Reply delete(String vaultBase, String name) {
        return run(200, () -> {
            KeyVersion latest = find(name, null);
            List<KeyVersion> removed = keys.remove(key(latest.name()));
            if (removed == null) {
                throw KeyVaultError.keyNotFound(name, null);
            }
            Deleted entry = new Deleted(removed, now());
            deleted.put(key(latest.name()), entry);
            return deletedBundle(vaultBase, entry);
        });
    }

    /** {@code GET /deletedkeys/{name}}. */
    public Reply getDeleted(String vaultBase, String name) {
        return run(200, () -> deletedBundle(vaultBase, findDeleted(name)));
    }

    /** {@code DELETE /deletedkeys/{name}}: purge, 204. */
    public Reply purgeDeleted(String name) {
        return run(204, () -> {
            findDeleted(name);
            deleted.remove(key(name));
            return null;
        });
    }

    /** {@code POST /deletedkeys/{name}/recover}. */
    public Reply recoverDeleted(String vaultBase, String name) {
        return run(200, () -> {
            Deleted entry = findDeleted(name);
            deleted.remove(key(name));
            keys.put(key(name), entry.versions());
            return bundle(vaultBase, entry.versions().get(entry.versions().size() - 1));
        });
    }

    /** {@code GET /deletedkeys}. */
    public Reply listDeleted(String vaultBase, String apiVersion, String maxResults, String skipToken) {
        return run(200, () -> {
            List<Deleted> all = deleted.values().stream()
                    .sorted(Comparator.comparing(d -> key(d.versions().get(0).name()))).toList();
            return page(all, d -> {
                KeyVersion latest = d.versions().get(d.versions().size() - 1);
                Map<String, Object> item = item(vaultBase + "/keys/" + latest.name(), latest);
                item.putAll(deletedFields(vaultBase, d));
                return item;
            }, vaultBase + "/deletedkeys", apiVersion, maxResults, skipToken);
        });
    }

    private Deleted findDeleted(String name) {
        Deleted entry = name == null ? null : deleted.get(key(name));
        if (entry == null) {
            throw new KeyVaultError(404, "KeyNotFound", "Deleted Key not found: " + name, null);
        }
        return entry;
    }

    private Map<String, Object> deletedBundle(String vaultBase, Deleted entry) {
        Map<String, Object> bundle = bundle(vaultBase, entry.versions().get(entry.versions().size() - 1));
        bundle.putAll(deletedFields(vaultBase, entry));
        return bundle;
    }

    private static Map<String, Object> deletedFields(String vaultBase, Deleted entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recoveryId", vaultBase + "/deletedkeys/" + entry.versions().get(0).name());
        fields.put("deletedDate", entry.deletedDate());
        fields.put("scheduledPurgeDate", entry.deletedDate() + RECOVERABLE_DAYS * 86_400L);
        return fields;
    }

    // ---- crypto ------------------------------------------------------------------------------------------------

    /** {@code POST /keys/{name}/{version}/sign} with {@code {"alg","value"}}; value is the base64url digest. */
    public Reply sign(String vaultBase, String name, String version, String requestBody) {
        return run(200, () -> {
            Map<String, Object> request = body(requestBody);
            KeyVersion key = find(name, version);
            SignatureAlgorithm alg = algorithm(request, key, "sign");
            byte[] digest = bytes(request, "value");
            String bad = alg.badDigest(digest);
            if (bad != null) {
                throw KeyVaultError.badParameter(bad);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("kid", kid(vaultBase, key));
            result.put("value", KeyMaterial.base64Url(alg.sign(key.material().keyPair(), digest)));
            return result;
        });
    }

    /** {@code POST /keys/{name}/{version}/verify} with {@code {"alg","digest","value"}}. */
    public Reply verify(String vaultBase, String name, String version, String requestBody) {
        return run(200, () -> {
            Map<String, Object> request = body(requestBody);
            KeyVersion key = find(name, version);
            SignatureAlgorithm alg = algorithm(request, key, "verify");
            byte[] digest = bytes(request, "digest");
            String bad = alg.badDigest(digest);
            if (bad != null) {
                throw KeyVaultError.badParameter(bad);
            }
            return Map.of("value", alg.verify(key.material().keyPair(), digest, bytes(request, "value")));
        });
    }

    private SignatureAlgorithm algorithm(Map<String, Object> request, KeyVersion key, String operation) {
        if (!key.enabled()) {
            throw new KeyVaultError(403, "Forbidden", "Operation " + operation + " is not allowed on a disabled key.",
                    "KeyDisabled");
        }
        long now = now();
        if ((key.notBefore() != null && now < key.notBefore()) || (key.expires() != null && now > key.expires())) {
            throw new KeyVaultError(403, "Forbidden", "Operation " + operation + " is not allowed: the key is not"
                    + " yet valid or has expired.", null);
        }
        if (!key.keyOps().contains(operation)) {
            throw new KeyVaultError(403, "Forbidden", "Operation " + operation + " is not permitted on this key;"
                    + " its key_ops are " + key.keyOps() + ".", null);
        }
        String name = Json.string(request, "alg");
        SignatureAlgorithm alg = SignatureAlgorithm.named(name);
        if (alg == null) {
            throw KeyVaultError.badParameter("Algorithm '" + name + "' is not supported by the emulator: use RS256,"
                    + " RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512.");
        }
        String mismatch = alg.mismatch(key.material());
        if (mismatch != null) {
            throw KeyVaultError.badParameter(mismatch);
        }
        return alg;
    }

    private static byte[] bytes(Map<String, Object> request, String field) {
        String value = Json.string(request, field);
        if (value == null) {
            throw KeyVaultError.badParameter("Property '" + field + "' is required (base64url).");
        }
        try {
            return Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw KeyVaultError.badParameter("Property '" + field + "' is not valid base64url.");
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

    private static Map<String, Object> item(String kid, KeyVersion key) {
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
        return "KeyVaultKeys[keys=" + keys.size() + ", deleted=" + deleted.size() + "]";
    }
}
