package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code keys create VAULT NAME [--type rsa|ec] [--size N] [--curve C] [--ops sign,verify] [--expires T] [--tag k=v]}:
 * creates an asymmetric key in the vault, or a new version of an existing one (as Key Vault's CreateKey does). The
 * private key never leaves the vault; the output is the new version's metadata, as {@code keys show} prints it.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an RSA or EC key (a new version if it exists); prints its metadata, never key material.")
final class KeysCreateCommand extends BootstrapCommand {
    private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);
    private static final Map<String, KeyCurveName> CURVES = Map.of("P-256", KeyCurveName.P_256,
            "P-384", KeyCurveName.P_384, "P-521", KeyCurveName.P_521);

    @Mixin
    ExistingVault vault;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "rsa", description = "rsa (default) or ec.")
    String type;

    @Option(names = "--size", paramLabel = "BITS", description = "RSA key size: 2048 (default), 3072 or 4096.")
    Integer size;

    @Option(names = "--curve", paramLabel = "CURVE", description = "EC curve: P-256 (default), P-384 or P-521.")
    String curve;

    @Option(names = "--ops", split = ",", paramLabel = "OP",
            description = "Allowed operations, e.g. sign,verify (default: all the key type supports).")
    List<String> ops;

    @Option(names = "--expires", paramLabel = "TIME", description = "Expiry, ISO-8601 with offset, e.g. 2027-06-30T00:00:00Z.")
    String expires;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeat for more.")
    Map<String, String> tags;

    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        CreateKeyOptions options = options();
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        KeyVaultKey key;
        try {
            var client = connection.keys(found.properties().vaultUri());
            key = options instanceof CreateEcKeyOptions ec ? client.createEcKey(ec)
                    : client.createRsaKey((CreateRsaKeyOptions) options);
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, found.name(), "create keys",
                    "keys: [create, get, list] (rbac: roles: [Key Vault Crypto Officer])", "--keys create,get,list");
        }
        Map<String, Object> json = KeysCommand.json(key);
        output.json(json);
        output.line("Created key " + key.getName() + " version " + key.getProperties().getVersion() + " in vault "
                + found.name() + ".");
        json.forEach((k, v) -> output.line("  " + k + ": " + v));
        return Failures.OK;
    }

    /** Checks every option before any request (exit 2 with the accepted forms). */
    private CreateKeyOptions options() {
        if (!name.matches("[0-9a-zA-Z-]{1,127}")) {
            throw new InvalidInputException("key name '" + name + "' is not valid", "use 1-127 letters, digits and '-'");
        }
        String kind = type.toLowerCase(Locale.ROOT);
        CreateKeyOptions options;
        if (kind.equals("rsa")) {
            if (curve != null) {
                throw new InvalidInputException("--curve is for EC keys", "drop --curve, or pass --type ec");
            }
            int bits = size == null ? 2048 : size;
            if (!RSA_SIZES.contains(bits)) {
                throw new InvalidInputException("--size " + bits + " is not an RSA size Key Vault creates",
                        "use 2048, 3072 or 4096");
            }
            options = new CreateRsaKeyOptions(name).setKeySize(bits);
        } else if (kind.equals("ec")) {
            if (size != null) {
                throw new InvalidInputException("--size is for RSA keys", "drop --size; EC keys take --curve");
            }
            KeyCurveName c = CURVES.get(curve == null ? "P-256" : curve.toUpperCase(Locale.ROOT));
            if (c == null) {
                throw new InvalidInputException("--curve " + curve + " is not a curve Key Vault creates",
                        "use P-256, P-384 or P-521");
            }
            options = new CreateEcKeyOptions(name).setCurveName(c);
        } else {
            throw new InvalidInputException("--type " + type + " is not a key type this command creates",
                    "use rsa or ec (symmetric keys exist only in Managed HSM)");
        }
        if (ops != null) {
            List<KeyOperation> operations = new ArrayList<>();
            for (String op : ops) {
                operations.add(operation(op.trim(), kind));
            }
            options.setKeyOperations(operations.toArray(KeyOperation[]::new));
        }
        if (expires != null) {
            try {
                options.setExpiresOn(OffsetDateTime.parse(expires));
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("--expires '" + expires + "' is not an ISO-8601 time with offset",
                        "write it like 2027-06-30T00:00:00Z");
            }
        }
        if (tags != null) {
            options.setTags(new LinkedHashMap<>(tags));
        }
        return options;
    }

    private static KeyOperation operation(String op, String kind) {
        List<String> allowed = kind.equals("ec") ? List.of("sign", "verify")
                : List.of("sign", "verify", "encrypt", "decrypt", "wrapKey", "unwrapKey");
        for (String a : allowed) {
            if (a.equalsIgnoreCase(op)) {
                return KeyOperation.fromString(a);
            }
        }
        throw new InvalidInputException("--ops: '" + op + "' is not an operation of a " + kind.toUpperCase(Locale.ROOT)
                + " key", "use some of " + allowed);
    }
}
