package dev.kvconfig.bootstrap;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyVaultKey;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What kind of asymmetric key Key Vault creates (a vault, not a Managed HSM): RSA of 2048, 3072 or 4096 bits, EC on
 * P-256, P-384 or P-521, and the operations each allows. Shared by {@code keys create} and the spec's {@code keys:}.
 *
 * @param type {@code rsa} or {@code ec}
 * @param size RSA bits, 0 for EC
 * @param curve EC curve, null for RSA
 * @param ops allowed operations as Key Vault spells them; empty = all the type supports
 */
record KeyShapes(String type, int size, String curve, List<String> ops) {
    static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);
    static final List<String> CURVES = List.of("P-256", "P-384", "P-521");
    static final Map<String, List<String>> OPS = Map.of(
            "rsa", List.of("sign", "verify", "encrypt", "decrypt", "wrapKey", "unwrapKey"),
            "ec", List.of("sign", "verify"));

    KeyShapes {
        ops = List.copyOf(ops);
    }

    /** The operation as Key Vault spells it, or null when the type has no such operation. */
    static String operation(String type, String op) {
        for (String known : OPS.getOrDefault(type, List.of())) {
            if (known.equalsIgnoreCase(op.trim())) {
                return known;
            }
        }
        return null;
    }

    /** {@code rsa 3072} or {@code ec P-256}, with the operations when restricted. */
    String describe() {
        return (type.equals("rsa") ? "rsa " + size : "ec " + curve) + (ops.isEmpty() ? "" : ", ops " + ops);
    }

    /** Creates the key (or a new version) the options describe: RSA or EC, whichever they are. */
    static KeyVaultKey create(KeyClient client, CreateKeyOptions options) {
        return options instanceof CreateEcKeyOptions ec ? client.createEcKey(ec)
                : client.createRsaKey((CreateRsaKeyOptions) options);
    }

    /** The SDK's options for a new key (or version) of this shape. */
    CreateKeyOptions options(String name, Map<String, String> tags) {
        CreateKeyOptions options = type.equals("rsa") ? new CreateRsaKeyOptions(name).setKeySize(size)
                : new CreateEcKeyOptions(name).setCurveName(KeyCurveName.fromString(curve));
        if (!ops.isEmpty()) {
            options.setKeyOperations(ops.stream().map(KeyOperation::fromString).toArray(KeyOperation[]::new));
        }
        if (!tags.isEmpty()) {
            options.setTags(new java.util.LinkedHashMap<>(tags));
        }
        return options;
    }
}
