package dev.kvconfig.emulator.arm;

import java.util.Locale;
import java.util.regex.Pattern;

/** Name rules of the Key Vault resource provider and Resource Manager. */
final class Names {
    /** 3-24 of [a-zA-Z0-9-], starts with a letter, ends with a letter or digit, no "--". */
    private static final Pattern VAULT = Pattern.compile("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("^[-\\w._()]{1,90}$");
    private static final Pattern GUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Names() {
    }

    static boolean validVault(String name) {
        return name != null && VAULT.matcher(name).matches();
    }

    static boolean validResourceGroup(String name) {
        return name != null && RESOURCE_GROUP.matcher(name).matches() && !name.endsWith(".");
    }

    static boolean guid(String s) {
        return s != null && GUID.matcher(s).matches();
    }

    /** Case-insensitive key. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Locations compare without case and spaces ("West Europe" = "westeurope"). */
    static String location(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
