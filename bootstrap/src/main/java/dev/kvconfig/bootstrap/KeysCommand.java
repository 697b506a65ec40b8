package dev.kvconfig.bootstrap;

import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code keys list|show|create}: a vault's keys, metadata only. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List a vault's keys, show one or create one (metadata only, never key material).",
        subcommands = {KeysListCommand.class, KeysShowCommand.class, KeysCreateCommand.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a keys command: list, show or create");
    }

    /** The fix for a 403 on keys. */
    static final String PERMISSIONS = "keys: [get, list] (rbac: roles: [Key Vault Crypto User])";
    /** The fix for a 403 when creating keys (keys create, a spec's keys:), and the matching policy grant flags. */
    static final String CREATE_PERMISSIONS = "keys: [get, create] (rbac: roles: [Key Vault Crypto Officer])";
    static final String CREATE_GRANT = "--keys get,create";

    static Map<String, Object> properties(KeyProperties p) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", p.getName());
        item.put("version", p.getVersion());
        item.put("enabled", Boolean.TRUE.equals(p.isEnabled()));
        item.put("created", text(p.getCreatedOn()));
        item.put("updated", text(p.getUpdatedOn()));
        item.put("notBefore", text(p.getNotBefore()));
        item.put("expires", text(p.getExpiresOn()));
        item.put("managed", Boolean.TRUE.equals(p.isManaged()));
        item.put("tags", p.getTags() == null ? Map.of() : new TreeMap<String, Object>(p.getTags()));
        return item;
    }

    /** Type, size or curve and operations of a key: its public parameters, never key material. */
    static Map<String, Object> json(KeyVaultKey key) {
        Map<String, Object> item = properties(key.getProperties());
        item.put("id", key.getId());
        item.put("keyType", String.valueOf(key.getKeyType()));
        if (key.getKey().getN() != null) {
            item.put("keySize", new BigInteger(1, key.getKey().getN()).bitLength());
        }
        if (key.getKey().getCurveName() != null) {
            item.put("curve", key.getKey().getCurveName().toString());
        }
        item.put("keyOps", key.getKeyOperations() == null ? java.util.List.of()
                : key.getKeyOperations().stream().map(String::valueOf).toList());
        return item;
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
