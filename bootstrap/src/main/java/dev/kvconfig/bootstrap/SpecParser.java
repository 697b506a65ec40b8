package dev.kvconfig.bootstrap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and fully validates {@code kvconfig.yaml} before anything talks to Azure. Every problem is reported with the
 * file, line and key path ({@code kvconfig.yaml:7: vault.sku: 'gold' is not one of: standard, premium}); all problems
 * of a file are reported at once. Stateless.
 */
final class SpecParser {
    static final Set<String> SECRET_PERMISSIONS =
            Set.of("all", "get", "list", "set", "delete", "backup", "restore", "recover", "purge");
    static final Set<String> KEY_PERMISSIONS = Set.of("all", "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign",
            "verify", "get", "list", "create", "update", "import", "delete", "backup", "restore", "recover", "purge",
            "release", "rotate", "getrotationpolicy", "setrotationpolicy");
    static final Set<String> CERTIFICATE_PERMISSIONS = Set.of("all", "get", "list", "delete", "create", "import",
            "update", "managecontacts", "getissuers", "listissuers", "setissuers", "deleteissuers", "manageissuers",
            "recover", "purge", "backup", "restore");
    private static final List<String> ROOT_KEYS =
            List.of("subscription", "resourceGroup", "location", "vault", "access", "secrets", "keys");
    private static final List<String> VAULT_KEYS =
            List.of("name", "sku", "authorization", "softDeleteRetentionDays", "purgeProtection", "tags");
    private static final List<String> ACCESS_KEYS = List.of("objectId", "secrets", "keys", "certificates", "roles");
    private static final List<String> SECRETS_KEYS = List.of("file", "prefix");
    private static final List<String> KEY_SPEC_KEYS = List.of("name", "type", "size", "curve", "ops", "tags");
    private static final int MAX_BYTES = 1 << 20;

    private final Path file;
    private final String fileName;
    private final List<String> problems = new ArrayList<>();
    /** Key paths ({@code vault.name}) reported as the suggestion for a misspelt key, so not reported missing too. */
    private final Set<String> suggested = new LinkedHashSet<>();

    private SpecParser(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.fileName = file.getFileName().toString();
    }

    /**
     * Parses and validates {@code file}.
     *
     * @throws InvalidInputException listing every problem (file:line: key: what is wrong) when the spec is not valid
     */
    static Spec parse(Path file) {
        return new SpecParser(file).parse();
    }

    private Spec parse() {
        Node root = compose();
        if (!(root instanceof MappingNode mapping)) {
            throw invalid(List.of(where(root) + "the spec must be a YAML mapping with the keys " + ROOT_KEYS));
        }
        Map<String, NodeTuple> top = keys(mapping, "", ROOT_KEYS);
        String subscription = optionalScalar(top, "", "subscription");
        if (subscription != null && !NameRules.isGuid(subscription)) {
            problem(top.get("subscription").getValueNode(), "subscription",
                    "'" + subscription + "' is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)");
        }
        String resourceGroup = requiredScalar(top, null, "", "resourceGroup");
        if (resourceGroup != null && !NameRules.isResourceGroup(resourceGroup)) {
            problem(top.get("resourceGroup").getValueNode(), "resourceGroup",
                    "'" + resourceGroup + "' is invalid: " + NameRules.RESOURCE_GROUP_RULE);
        }
        String location = requiredScalar(top, null, "", "location");
        if (location != null) {
            if (NameRules.isLocation(location)) {
                location = NameRules.location(location);
            } else {
                problem(top.get("location").getValueNode(), "location",
                        "'" + location + "' is not an Azure region name (such as westeurope; `az account list-locations -o table`)");
            }
        }
        Spec.VaultSpec vault = vault(top);
        List<Spec.Access> access = access(top, vault);
        Spec.SecretsSource secrets = secrets(top);
        List<Spec.KeySpec> keys = keySpecs(top);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new Spec(file, subscription, resourceGroup, location, vault, access, secrets, keys);
    }

    private Node compose() {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw invalid(List.of(fileName + ": larger than 1 MiB; a spec is a short YAML file"));
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Node node = new Yaml(new SafeConstructor(options)).compose(reader);
                if (node == null) {
                    throw invalid(List.of(fileName + ": the file is empty; see the sample kvconfig.yaml in docs/bootstrap.md"));
                }
                return node;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("spec file not found: " + file, "pass the path of your kvconfig.yaml with -f");
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String line = mark == null ? "" : ":" + (mark.getLine() + 1);
            throw invalid(List.of(fileName + line + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw invalid(List.of(fileName + ": not valid YAML: " + e.getMessage()));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read spec file " + file + ": " + e, "check the path and its permissions");
        }
    }

    private Spec.VaultSpec vault(Map<String, NodeTuple> top) {
        NodeTuple tuple = top.get("vault");
        if (tuple == null) {
            if (!suggested.contains("vault")) {
                problem(null, "vault", "missing; add vault: {name: kv-myapp}");
            }
            return null;
        }
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            problem(tuple.getValueNode(), "vault", "must be a mapping with the keys " + VAULT_KEYS);
            return null;
        }
        Map<String, NodeTuple> keys = keys(mapping, "vault.", VAULT_KEYS);
        String name = requiredScalar(keys, tuple.getKeyNode(), "vault.", "name");
        if (name != null && !NameRules.isVaultName(name)) {
            problem(keys.get("name").getValueNode(), "vault.name", "'" + name + "' is invalid: " + NameRules.VAULT_RULE);
        }
        String sku = oneOf(keys, "vault.", "sku", List.of("standard", "premium"), Spec.VaultSpec.DEFAULT_SKU);
        String auth = oneOf(keys, "vault.", "authorization", List.of("access-policies", "rbac"), "access-policies");
        int retention = Spec.VaultSpec.DEFAULT_RETENTION_DAYS;
        String retentionText = optionalScalar(keys, "vault.", "softDeleteRetentionDays");
        if (retentionText != null) {
            try {
                retention = Integer.parseInt(retentionText);
            } catch (NumberFormatException e) {
                retention = -1;
            }
            if (retention < 7 || retention > 90) {
                problem(keys.get("softDeleteRetentionDays").getValueNode(), "vault.softDeleteRetentionDays",
                        "'" + retentionText + "' must be a whole number of days from 7 to 90");
            }
        }
        boolean purgeProtection = false;
        String purgeText = optionalScalar(keys, "vault.", "purgeProtection");
        if (purgeText != null) {
            if (purgeText.equals("true") || purgeText.equals("false")) {
                purgeProtection = Boolean.parseBoolean(purgeText);
            } else {
                problem(keys.get("purgeProtection").getValueNode(), "vault.purgeProtection",
                        "'" + purgeText + "' must be true or false");
            }
        }
        Map<String, String> tags = tags(keys.get("tags"), "vault.tags", "{team: orders}");
        if (name == null) {
            return null;
        }
        return new Spec.VaultSpec(name, sku, auth.equals("rbac") ? Spec.Authorization.RBAC
                : Spec.Authorization.ACCESS_POLICIES, retention, purgeProtection, tags);
    }

    private List<Spec.Access> access(Map<String, NodeTuple> top, Spec.VaultSpec vault) {
        List<Spec.Access> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Item item : items(top, "access", "principals (- objectId: …)", ACCESS_KEYS)) {
            String path = item.path();
            MappingNode mapping = item.mapping();
            Map<String, NodeTuple> keys = item.keys();
            String objectId = requiredScalar(keys, mapping, path, "objectId");
            if (objectId != null) {
                if (!NameRules.isGuid(objectId)) {
                    problem(keys.get("objectId").getValueNode(), path + "objectId", "'" + objectId
                            + "' is not an object id (a GUID; `az ad sp show --id <app-id> --query id`)");
                } else if (!seen.add(objectId.toLowerCase(Locale.ROOT))) {
                    problem(keys.get("objectId").getValueNode(), path + "objectId",
                            objectId + " is listed twice; merge its permissions into one entry");
                }
            }
            Set<String> secrets = permissions(keys, path, "secrets", SECRET_PERMISSIONS);
            Set<String> keyPermissions = permissions(keys, path, "keys", KEY_PERMISSIONS);
            Set<String> certificates = permissions(keys, path, "certificates", CERTIFICATE_PERMISSIONS);
            Set<String> roles = new LinkedHashSet<>();
            NodeTuple rolesTuple = keys.get("roles");
            if (rolesTuple != null) {
                for (String role : stringList(rolesTuple.getValueNode(), path + "roles")) {
                    Roles.canonical(role).ifPresentOrElse(roles::add, () -> problem(rolesTuple.getValueNode(),
                            path + "roles", "'" + role + "' is not one of: " + String.join(", ", Roles.BUILT_IN.keySet())));
                }
                if (vault != null && vault.authorization() != Spec.Authorization.RBAC) {
                    problem(rolesTuple.getKeyNode(), path + "roles",
                            "roles apply to rbac vaults only; set vault.authorization: rbac or use secrets/keys/certificates");
                }
            }
            if (objectId != null) {
                result.add(new Spec.Access(objectId.toLowerCase(Locale.ROOT), secrets, keyPermissions, certificates, roles));
            }
        }
        return result;
    }

    private Set<String> permissions(Map<String, NodeTuple> keys, String path, String key, Set<String> allowed) {
        Set<String> result = new LinkedHashSet<>();
        NodeTuple tuple = keys.get(key);
        if (tuple == null) {
            return result;
        }
        for (String value : stringList(tuple.getValueNode(), path + key)) {
            String normalized = value.toLowerCase(Locale.ROOT);
            if (allowed.contains(normalized)) {
                result.add(normalized);
            } else {
                problem(tuple.getValueNode(), path + key,
                        "'" + value + "' is not a " + key + " permission; use some of: " + new java.util.TreeSet<>(allowed));
            }
        }
        return result;
    }

    private Spec.SecretsSource secrets(Map<String, NodeTuple> top) {
        NodeTuple tuple = top.get("secrets");
        if (tuple == null || isNull(tuple.getValueNode())) {
            return null;
        }
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            problem(tuple.getValueNode(), "secrets", "must be a mapping with the keys " + SECRETS_KEYS);
            return null;
        }
        Map<String, NodeTuple> keys = keys(mapping, "secrets.", SECRETS_KEYS);
        String fileText = requiredScalar(keys, tuple.getKeyNode(), "secrets.", "file");
        String prefix = optionalScalar(keys, "secrets.", "prefix");
        if (prefix == null) {
            prefix = "";
        }
        if (!prefix.matches("[A-Za-z0-9-]*") || prefix.length() > 100) {
            problem(keys.get("prefix").getValueNode(), "secrets.prefix",
                    "'" + prefix + "' may hold only a-z, A-Z, 0-9 and '-' (it starts every secret name)");
        }
        if (fileText == null) {
            return null;
        }
        Path secretsFile = file.getParent().resolve(fileText).normalize();
        if (!Files.isRegularFile(secretsFile)) {
            problem(keys.get("file").getValueNode(), "secrets.file",
                    secretsFile + " does not exist; the path is relative to the spec file");
        }
        return new Spec.SecretsSource(secretsFile, prefix);
    }

    private List<Spec.KeySpec> keySpecs(Map<String, NodeTuple> top) {
        List<Spec.KeySpec> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Item item : items(top, "keys", "keys (- name: jwt-signing)", KEY_SPEC_KEYS)) {
            String path = item.path();
            MappingNode mapping = item.mapping();
            Map<String, NodeTuple> keys = item.keys();
            String name = requiredScalar(keys, mapping, path, "name");
            if (name != null) {
                if (!name.matches("[0-9a-zA-Z-]{1,127}")) {
                    problem(keys.get("name").getValueNode(), path + "name",
                            "'" + name + "' is invalid: use 1-127 letters, digits and '-'");
                } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    problem(keys.get("name").getValueNode(), path + "name", name + " is listed twice");
                }
            }
            String type = oneOf(keys, path, "type", List.of("rsa", "ec"), "rsa");
            int size = 0;
            String sizeText = optionalScalar(keys, path, "size");
            if (type.equals("rsa")) {
                size = 2048;
                if (sizeText != null) {
                    try {
                        size = Integer.parseInt(sizeText);
                    } catch (NumberFormatException e) {
                        size = -1;
                    }
                    if (!KeyShapes.RSA_SIZES.contains(size)) {
                        problem(keys.get("size").getValueNode(), path + "size",
                                "'" + sizeText + "' is not an RSA size Key Vault creates; use 2048, 3072 or 4096");
                    }
                }
            } else if (sizeText != null) {
                problem(keys.get("size").getValueNode(), path + "size", "is for rsa keys; ec keys take curve");
            }
            String curve = null;
            String curveText = optionalScalar(keys, path, "curve");
            if (type.equals("ec")) {
                curve = curveText == null ? "P-256" : curveText.toUpperCase(Locale.ROOT);
                if (!KeyShapes.CURVES.contains(curve)) {
                    problem(keys.get("curve").getValueNode(), path + "curve",
                            "'" + curveText + "' is not one of: " + String.join(", ", KeyShapes.CURVES));
                }
            } else if (curveText != null) {
                problem(keys.get("curve").getValueNode(), path + "curve", "is for ec keys; rsa keys take size");
            }
            List<String> ops = new ArrayList<>();
            NodeTuple opsTuple = keys.get("ops");
            if (opsTuple != null) {
                for (String op : stringList(opsTuple.getValueNode(), path + "ops")) {
                    String known = KeyShapes.operation(type, op);
                    if (known == null) {
                        problem(opsTuple.getValueNode(), path + "ops", "'" + op + "' is not an operation of an "
                                + type + " key; use some of: " + KeyShapes.OPS.get(type));
                    } else {
                        ops.add(known);
                    }
                }
            }
            Map<String, String> tags = tags(keys.get("tags"), path + "tags", "{use: jwt}");
            if (name != null) {
                result.add(new Spec.KeySpec(name, new KeyShapes(type, size, curve, ops), tags));
            }
        }
        return result;
    }

    // ---- helpers: every problem carries file:line and the key path

    private Map<String, NodeTuple> keys(MappingNode mapping, String path, List<String> known) {
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null) {
                problem(tuple.getKeyNode(), path.isEmpty() ? "(root)" : path.substring(0, path.length() - 1),
                        "keys must be plain names");
            } else if (!known.contains(key)) {
                String near = nearest(key, known);
                if (near != null) {
                    suggested.add(path + near);
                }
                problem(tuple.getKeyNode(), path + key, "unknown key; " + (near == null
                        ? "known keys: " + String.join(", ", known) : "did you mean " + near + "?"));
            } else if (result.put(key, tuple) != null) {
                problem(tuple.getKeyNode(), path + key, "given twice");
            }
        }
        return result;
    }

    /**
     * The known key {@code key} is most likely a misspelling of: same letters ignoring case, or at most two edits
     * (a letter added, dropped, changed or two swapped) for keys longer than four letters; {@code null} when none is
     * that close or two are equally close.
     */
    static String nearest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String candidate : known) {
            int distance = candidate.equalsIgnoreCase(key) ? 0
                    : editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        int allowed = Math.min(key.length(), best == null ? 0 : best.length()) > 4 ? 2 : 1;
        return best == null || tie || bestDistance > allowed ? null : best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost one each. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** One mapping of a top-level list ({@code access[i]}, {@code keys[i]}) with its checked keys. */
    private record Item(String path, MappingNode mapping, Map<String, NodeTuple> keys) {
    }

    /** The mappings of the list under {@code key}; absent or null = none; other shapes are reported. */
    private List<Item> items(Map<String, NodeTuple> top, String key, String listForm, List<String> known) {
        NodeTuple tuple = top.get(key);
        List<Item> result = new ArrayList<>();
        if (tuple == null || isNull(tuple.getValueNode())) {
            return result;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode list)) {
            problem(tuple.getValueNode(), key, "must be a list of " + listForm);
            return result;
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            Node node = list.getValue().get(i);
            String path = key + "[" + i + "].";
            if (node instanceof MappingNode mapping) {
                result.add(new Item(path, mapping, keys(mapping, path, known)));
            } else {
                problem(node, key + "[" + i + "]", "must be a mapping with the keys " + known);
            }
        }
        return result;
    }

    /** A {@code tags:} mapping of plain values; absent = none. */
    private Map<String, String> tags(NodeTuple tuple, String path, String example) {
        Map<String, String> tags = new TreeMap<>();
        if (tuple == null) {
            return tags;
        }
        if (!(tuple.getValueNode() instanceof MappingNode tagMap)) {
            problem(tuple.getValueNode(), path, "must be a mapping such as " + example);
            return tags;
        }
        for (NodeTuple t : tagMap.getValue()) {
            String key = scalar(t.getKeyNode(), path);
            String value = scalar(t.getValueNode(), path + "." + key);
            if (key != null && value != null) {
                tags.put(key, value);
            }
        }
        return tags;
    }

    /**
     * {@code owner} is where a missing key is reported: the key of the enclosing mapping ({@code vault:}), a list
     * item, or {@code null} for the root, which has no better line than the file itself.
     */
    private String requiredScalar(Map<String, NodeTuple> keys, Node owner, String path, String key) {
        NodeTuple tuple = keys.get(key);
        if (tuple == null) {
            if (!suggested.contains(path + key)) {
                problem(owner, path + key, "missing; it is required");
            }
            return null;
        }
        if (isNull(tuple.getValueNode())) {
            problem(tuple.getValueNode(), path + key, "missing; it is required");
            return null;
        }
        String value = scalar(tuple.getValueNode(), path + key);
        if (value != null && value.isBlank()) {
            problem(tuple.getValueNode(), path + key, "is empty; it is required");
            return null;
        }
        return value;
    }

    private String optionalScalar(Map<String, NodeTuple> keys, String path, String key) {
        NodeTuple tuple = keys.get(key);
        return tuple == null || isNull(tuple.getValueNode()) ? null : scalar(tuple.getValueNode(), path + key);
    }

    private String oneOf(Map<String, NodeTuple> keys, String path, String key, List<String> allowed, String dflt) {
        String value = optionalScalar(keys, path, key);
        if (value == null) {
            return dflt;
        }
        String normalized = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            problem(keys.get(key).getValueNode(), path + key,
                    "'" + value + "' is not one of: " + String.join(", ", allowed));
            return dflt;
        }
        return normalized;
    }

    private String scalar(Node node, String path) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(node, path, "must be a single value, not a " + (node instanceof SequenceNode ? "list" : "mapping"));
        return null;
    }

    private List<String> stringList(Node node, String path) {
        List<String> result = new ArrayList<>();
        if (isNull(node)) {
            return result;
        }
        if (!(node instanceof SequenceNode seq)) {
            problem(node, path, "must be a list such as [get, list]");
            return result;
        }
        for (Node item : seq.getValue()) {
            String value = scalar(item, path);
            if (value != null) {
                result.add(value.trim());
            }
        }
        return result;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private void problem(Node node, String key, String message) {
        problems.add(where(node) + key + ": " + message);
    }

    private String where(Node node) {
        return node == null || node.getStartMark() == null ? fileName + ": "
                : fileName + ":" + (node.getStartMark().getLine() + 1) + ": ";
    }

    private static InvalidInputException invalid(List<String> problems) {
        return new InvalidInputException(String.join(System.lineSeparator(), problems),
                "fix the spec file (keys and values: see the sample kvconfig.yaml in docs/bootstrap.md)");
    }
}
