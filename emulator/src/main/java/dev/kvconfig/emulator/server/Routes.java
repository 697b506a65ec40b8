package dev.kvconfig.emulator.server;

/**
 * Where a module adds its routes on one server (a vault's port, or the identity server).
 *
 * <p>Patterns are paths split at {@code /}: literal segments, and {@code {name}} placeholders that match exactly one
 * segment (an empty segment too, so {@code /secrets/{name}/{version}} matches {@code /secrets/a/}, the "latest
 * version" form). A literal beats a placeholder ({@code /secrets/{name}/versions} wins over
 * {@code /secrets/{name}/{version}}). A path that matches a pattern but not its method gets 405; no pattern, 404.
 * Segments are matched after percent-decoding; literals match case-insensitively.
 */
public interface Routes {
    /**
     * Adds a route.
     *
     * @param method      HTTP method, e.g. {@code GET}
     * @param pattern     e.g. {@code /keys/{name}/{version}/sign}
     * @param operationId the Key Vault REST operationId recorded in stats, e.g. {@code Sign}
     * @param handler     the handler
     * @throws IllegalArgumentException when the same method and pattern is already registered
     */
    void add(String method, String pattern, String operationId, Handler handler);
}
