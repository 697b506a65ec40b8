package dev.kvconfig.emulator.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler's answer.
 *
 * @param status  HTTP status
 * @param headers extra headers (Content-Type is set by the core when there is a body)
 * @param body    an untyped JSON value (see {@link Json}), or null for no body
 */
public record Response(int status, Map<String, String> headers, Object body) {

    public Response {
        headers = Map.copyOf(headers);
    }

    /** 200 with a JSON body. */
    public static Response ok(Object body) {
        return new Response(200, Map.of(), body);
    }

    /** The status with a JSON body. */
    public static Response of(int status, Object body) {
        return new Response(status, Map.of(), body);
    }

    /** 204 No Content. */
    public static Response noContent() {
        return new Response(204, Map.of(), null);
    }

    /** A copy with one more header. */
    public Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, h, body);
    }

    @Override
    public String toString() {
        return "Response[" + status + "]";
    }
}
