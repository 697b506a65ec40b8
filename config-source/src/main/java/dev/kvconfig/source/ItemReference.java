package dev.kvconfig.source;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed key or certificate reference, {@code [alias:]name[/version][#part]}, immutable. SmallRye hands a handler
 * the text after {@code ::} untouched: {@code :}, {@code /} and {@code #} all pass through its expression syntax (only
 * {@code }} ends the reference), so the part selector needs no escaping.
 *
 * @param handler the handler name, for messages ({@code keyvault-key})
 * @param text the reference text as written, for messages
 * @param alias the vault alias, {@link ReferenceHandler#MAIN} for {@code keyvault.url}
 * @param name the item name as written
 * @param version the pinned version, or null for the latest
 * @param part the selected part, lower case; the handler's default when none is written; empty for a secret
 */
record ItemReference(String handler, String text, String alias, String name, String version, String part) {

    private static final Pattern REFERENCE = Pattern.compile("(?:(?<alias>[A-Za-z0-9_-]{1,64}):)?"
            + "(?<name>[0-9A-Za-z-]{1,127})(?:/(?<version>[0-9A-Za-z]{1,64}))?(?:#(?<part>[A-Za-z0-9-]{1,32}))?");

    /**
     * Parses a reference.
     *
     * @param parts the accepted parts, the default first; empty when the handler takes no part (secrets)
     * @param form the accepted form with an example, for messages
     * @throws IllegalArgumentException for a malformed reference or an unknown part, naming the reference and the form
     */
    static ItemReference parse(String handler, String text, List<String> parts, String form) {
        String t = text == null ? "" : text.trim();
        Matcher m = REFERENCE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("Malformed Key Vault reference '${" + handler + "::" + text + "}'; use "
                    + form);
        }
        if (parts.isEmpty()) {
            if (m.group("part") != null) {
                throw new IllegalArgumentException("Malformed Key Vault reference '${" + handler + "::" + text
                        + "}'; use " + form);
            }
            String alias = m.group("alias") == null ? ReferenceHandler.MAIN : m.group("alias");
            return new ItemReference(handler, t, alias, m.group("name"), m.group("version"), "");
        }
        String part = m.group("part") == null ? parts.get(0) : m.group("part").toLowerCase(Locale.ROOT);
        if (!parts.contains(part)) {
            throw new IllegalArgumentException("Key Vault reference ${" + handler + "::" + t + "}: unknown part '#"
                    + m.group("part") + "'; use one of " + parts.stream().map(p -> "#" + p).toList() + " (default #"
                    + parts.get(0) + ")");
        }
        String alias = m.group("alias") == null ? ReferenceHandler.MAIN : m.group("alias");
        return new ItemReference(handler, t, alias, m.group("name"), m.group("version"), part);
    }

    /** {@code ${keyvault-key::…}} as written, for messages. */
    String expression() {
        return "${" + handler + "::" + text + "}";
    }
}
