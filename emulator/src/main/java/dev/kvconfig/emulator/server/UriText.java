package dev.kvconfig.emulator.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Percent-decoding of request paths and query strings, shared by the emulator's servers. Each server passes the error
 * its service answers to malformed encoding (Key Vault: {@code BadParameter}; Resource Manager: {@code InvalidRequestUri}).
 */
public final class UriText {
    private UriText() {
    }

    /** The query's parameters, decoded; the first of repeated names wins, a name without {@code =} maps to "". */
    public static Map<String, String> query(String rawQuery, Supplier<ServiceError> badEncoding) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), badEncoding);
            out.putIfAbsent(k, eq < 0 ? "" : decode(pair.substring(eq + 1), badEncoding));
        }
        return out;
    }

    /** One path segment, decoded; a literal {@code +} stays a plus (paths are not form-encoded). */
    public static String segment(String raw, Supplier<ServiceError> badEncoding) {
        return decode(raw.replace("+", "%2B"), badEncoding);
    }

    private static String decode(String s, Supplier<ServiceError> badEncoding) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badEncoding.get();
        }
    }
}
