package dev.kvconfig.emulator.server;

import java.util.List;
import java.util.Map;

/**
 * One request as a handler sees it. Immutable (the body array is not copied; do not modify it).
 *
 * @param method   HTTP method, upper case
 * @param segments the path split at {@code /}, percent-decoded ({@code /secrets/a/} gives {@code [secrets, a, ""]})
 * @param params   placeholder values of the matched pattern, e.g. {@code name -> a}
 * @param query    query parameters (first value of each), percent-decoded
 * @param headers  request headers, names in lower case
 * @param body     the body bytes (empty when none)
 * @param baseUrl  {@code https://<Host header>} without a trailing slash, for building ids and nextLinks
 */
public record Request(String method, List<String> segments, Map<String, String> params, Map<String, String> query,
                      Map<String, List<String>> headers, byte[] body, String baseUrl) {

    public Request {
        segments = List.copyOf(segments);
        params = Map.copyOf(params);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The placeholder value, never null for a placeholder of the matched pattern. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no path placeholder {" + name + "} in the matched pattern");
        }
        return v;
    }

    /** The query parameter or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** The first value of the header (any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The body as a JSON object. @throws ServiceError 400 BadParameter when it is not one */
    public Map<String, Object> jsonObject() {
        return Json.parseObject(body);
    }

    /** Method and path only: never the body or headers (they may carry secrets or tokens). */
    @Override
    public String toString() {
        return method + " /" + String.join("/", segments);
    }
}
