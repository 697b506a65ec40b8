package dev.kvconfig.bootstrap;

import java.util.Locale;
import java.util.regex.Pattern;

/** Azure naming rules checked before any call, with messages that state the rule. Stateless. */
final class NameRules {
    static final String VAULT_RULE = "3-24 characters of a-z, A-Z, 0-9 and '-', starting with a letter, "
            + "ending with a letter or digit, no '--'";
    static final String RESOURCE_GROUP_RULE = "1-90 characters of letters, digits, '-', '_', '.', '(' and ')', not ending with '.'";
    private static final Pattern VAULT = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{1,90}");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9 ]{1,64}");

    private NameRules() {
    }

    static boolean isVaultName(String name) {
        return name != null && VAULT.matcher(name).matches() && !name.contains("--");
    }

    /** @throws InvalidInputException naming the rule when {@code name} is not a valid vault name */
    static String requireVaultName(String name) {
        if (!isVaultName(name)) {
            throw new InvalidInputException("invalid vault name '" + name + "': " + VAULT_RULE,
                    "choose a name that follows the rule (vault names are global: add a team or app suffix)");
        }
        return name;
    }

    static boolean isResourceGroup(String name) {
        return name != null && RESOURCE_GROUP.matcher(name).matches() && !name.endsWith(".");
    }

    static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }

    static boolean isLocation(String value) {
        return value != null && LOCATION.matcher(value).matches();
    }

    /** ARM's canonical form of a location: {@code West Europe} -> {@code westeurope}. */
    static String location(String value) {
        return value.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
