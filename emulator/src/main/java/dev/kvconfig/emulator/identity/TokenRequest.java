package dev.kvconfig.emulator.identity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code application/x-www-form-urlencoded} token request. Holds a client secret or assertion, so it has no
 * {@code toString()} showing its parameters.
 */
final class TokenRequest {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final Map<String, String> parameters;

    private TokenRequest(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    /** Parses a form body; the first occurrence of a repeated parameter wins. */
    static TokenRequest parse(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                parameters.putIfAbsent(name, value);
            }
        }
        return new TokenRequest(parameters);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;   // a stray '%' is kept literally rather than failing the whole request
        }
    }

    Optional<String> get(String name) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String grantType() {
        return get("grant_type").orElse(null);
    }

    String clientId() {
        return get("client_id").orElse(null);
    }

    /**
     * The resource of the first {@code <resource>/.default} scope, or else the {@code resource} parameter of the v1
     * endpoints ({@code /oauth2/token}); empty when neither is there.
     */
    Optional<String> resource() {
        Optional<String> scoped = get("scope").flatMap(scope -> Arrays.stream(scope.trim().split("\\s+"))
                .filter(s -> s.endsWith("/.default") && s.length() > "/.default".length())
                .map(s -> s.substring(0, s.length() - "/.default".length()))
                .findFirst());
        return scoped.isPresent() ? scoped : get("resource").filter(r -> !r.isBlank());
    }

    @Override
    public String toString() {
        return "TokenRequest[grant_type=" + grantType() + ", client_id=" + clientId() + "]";
    }
}
