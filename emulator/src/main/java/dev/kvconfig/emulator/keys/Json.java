package dev.kvconfig.emulator.keys;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Untyped JSON in and out (maps, lists, strings, numbers, booleans) over azure-json. */
final class Json {
    private Json() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} when it is not JSON. */
    static Object parse(String text) {
        try (JsonReader reader = JsonProviders.createReader(text)) {
            if (reader.nextToken() == null) {
                throw new IllegalArgumentException("empty JSON document");
            }
            Object value = reader.readUntyped();
            if (reader.nextToken() != JsonToken.END_DOCUMENT && reader.currentToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON value");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /** Parses {@code text} that must hold a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = JsonProviders.createWriter(out)) {
            writer.writeUntyped(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String string(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value == null ? null : value instanceof String s ? s : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value instanceof Map ? (Map<String, Object>) value : null;
    }

    static List<?> list(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value instanceof List<?> l ? l : null;
    }
}
