package dev.kvconfig.emulator.server;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Untyped JSON on top of azure-json: objects are {@code Map<String, Object>}, arrays {@code List<Object>}, plus
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}. Thread safe (stateless).
 */
public final class Json {
    private Json() {
    }

    /**
     * Parses a JSON document.
     *
     * @throws ServiceError 400 BadParameter when the bytes are not JSON
     */
    public static Object parse(byte[] json) {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            JsonToken first = reader.nextToken();
            if (first == null || first == JsonToken.END_DOCUMENT) {
                throw ServiceError.badParameter("The request body is empty; a JSON object is required.");
            }
            Object value = reader.readUntyped();
            if (reader.nextToken() != JsonToken.END_DOCUMENT) {
                throw ServiceError.badParameter("The request body is not valid JSON: unexpected content after the document.");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ServiceError se) {
                throw se;
            }
            throw ServiceError.badParameter("The request body is not valid JSON.");
        }
    }

    /**
     * Parses a JSON object.
     *
     * @throws ServiceError 400 BadParameter when the bytes are not a JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] json) {
        Object value = parse(json);
        if (!(value instanceof Map)) {
            throw ServiceError.badParameter("The request body must be a JSON object.");
        }
        return (Map<String, Object>) value;
    }

    /** Writes an untyped value (maps, lists, strings, numbers, booleans, null) as JSON bytes. */
    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter writer = JsonProviders.createWriter(out)) {
            writer.writeUntyped(value);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes an untyped value as a JSON string. */
    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A convenience cast for nested objects; null when absent. @throws ServiceError 400 when not an object */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw ServiceError.badParameter("The field '" + field + "' must be a JSON object.");
        }
        return (Map<String, Object>) v;
    }

    /** An object field of plain values (tags) as strings, empty when absent. @throws ServiceError 400 when not an object */
    public static Map<String, String> stringMap(Map<String, Object> parent, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> m = object(parent, field);
        if (m != null) {
            m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }

    /** The string field, null when absent. @throws ServiceError 400 when not a string */
    public static String string(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ServiceError.badParameter("The field '" + field + "' must be a string.");
        }
        return s;
    }

    /** The boolean field, null when absent. @throws ServiceError 400 when not a boolean */
    public static Boolean bool(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw ServiceError.badParameter("The field '" + field + "' must be true or false.");
        }
        return b;
    }

    /** The integral number field, null when absent. @throws ServiceError 400 when not an integer */
    public static Long number(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ServiceError.badParameter("The field '" + field + "' must be an integer (Unix seconds).");
        }
        return n.longValue();
    }

    /** The list field, null when absent. @throws ServiceError 400 when not an array */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List)) {
            throw ServiceError.badParameter("The field '" + field + "' must be a JSON array.");
        }
        return (List<Object>) v;
    }
}
