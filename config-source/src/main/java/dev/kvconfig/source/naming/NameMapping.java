package dev.kvconfig.source.naming;

import java.util.Locale;
import java.util.Objects;

/**
 * The binding mapping between config property names and Key Vault secret names (DESIGN.md, "Property ↔ secret names").
 *
 * <p>Public because two callers share it: the config source (lookups) and the bootstrap CLI (importing a properties file
 * as secrets). Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link #secretName(String)}: every character outside {@code [A-Za-z0-9]} becomes {@code -}
 *       ({@code db.password}, {@code db_password} → {@code db-password}).</li>
 *   <li>{@link #lookupKey(String)}: the secret name lower-cased, because Key Vault names are case-insensitive.</li>
 *   <li>{@link #propertyName(String)}: {@code -} becomes {@code .}, case as stored ({@code DB-Password} → {@code DB.Password}).</li>
 * </ul>
 */
public final class NameMapping {

    private NameMapping() {
    }

    /**
     * The secret name a property name reads: every character outside {@code [A-Za-z0-9]} replaced by {@code -}.
     *
     * @throws NullPointerException if {@code propertyName} is null
     */
    public static String secretName(String propertyName) {
        Objects.requireNonNull(propertyName, "propertyName");
        char[] chars = propertyName.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (!isAsciiAlphanumeric(chars[i])) {
                chars[i] = '-';
            }
        }
        return new String(chars);
    }

    /** The case-insensitive lookup key for a property or secret name: {@link #secretName} lower-cased (ROOT locale). */
    public static String lookupKey(String propertyOrSecretName) {
        return secretName(propertyOrSecretName).toLowerCase(Locale.ROOT);
    }

    /** The property name a secret serves: {@code -} replaced by {@code .}, case as stored. */
    public static String propertyName(String secretName) {
        Objects.requireNonNull(secretName, "secretName");
        return secretName.replace('-', '.');
    }

    /** Whether {@code name} is a valid Key Vault object name: 1 to 127 of {@code [0-9a-zA-Z-]}. */
    public static boolean isValidSecretName(String name) {
        if (name == null || name.isEmpty() || name.length() > 127) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
