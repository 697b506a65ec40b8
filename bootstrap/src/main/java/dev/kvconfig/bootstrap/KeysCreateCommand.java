package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.keys.models.CreateKeyOptions;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code keys create VAULT NAME [--type rsa|ec] [--size N] [--curve C] [--ops sign,verify] [--expires T] [--tag k=v]}:
 * creates an asymmetric key in the vault, or a new version of an existing one (as Key Vault's CreateKey does). The
 * private key never leaves the vault; the output is the new version's metadata, as {@code keys show} prints it.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an RSA or EC key (a new version if it exists); prints its metadata, never key material.")
final class KeysCreateCommand extends BootstrapCommand {
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
            key = KeyShapes.create(connection.keys(found.properties().vaultUri()), options);
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, found.name(), "create keys", KeysCommand.CREATE_PERMISSIONS,
                    KeysCommand.CREATE_GRANT);
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
        int bits = 0;
        String c = null;
        if (kind.equals("rsa")) {
            if (curve != null) {
                throw new InvalidInputException("--curve is for EC keys", "drop --curve, or pass --type ec");
            }
            bits = size == null ? 2048 : size;
            if (!KeyShapes.RSA_SIZES.contains(bits)) {
                throw new InvalidInputException("--size " + bits + " is not an RSA size Key Vault creates",
                        "use 2048, 3072 or 4096");
            }
        } else if (kind.equals("ec")) {
            if (size != null) {
                throw new InvalidInputException("--size is for RSA keys", "drop --size; EC keys take --curve");
            }
            c = curve == null ? "P-256" : curve.toUpperCase(Locale.ROOT);
            if (!KeyShapes.CURVES.contains(c)) {
                throw new InvalidInputException("--curve " + curve + " is not a curve Key Vault creates",
                        "use " + String.join(", ", KeyShapes.CURVES));
            }
        } else {
            throw new InvalidInputException("--type " + type + " is not a key type this command creates",
                    "use rsa or ec (symmetric keys exist only in Managed HSM)");
        }
        List<String> operations = new ArrayList<>();
        for (String op : ops == null ? List.<String>of() : ops) {
            String known = KeyShapes.operation(kind, op);
            if (known == null) {
                throw new InvalidInputException("--ops: '" + op.trim() + "' is not an operation of an "
                        + kind.toUpperCase(Locale.ROOT) + " key", "use some of " + KeyShapes.OPS.get(kind));
            }
            operations.add(known);
        }
        CreateKeyOptions options = new KeyShapes(kind, bits, c, operations)
                .options(name, tags == null ? Map.of() : tags);
        if (expires != null) {
            try {
                options.setExpiresOn(OffsetDateTime.parse(expires));
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("--expires '" + expires + "' is not an ISO-8601 time with offset",
                        "write it like 2027-06-30T00:00:00Z");
            }
        }
        return options;
    }
}
