package dev.kvconfig.bootstrap;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The emulator's info file (DESIGN.md, "Emulator"): where its Resource Manager and token endpoints listen, its tenant
 * and subscription, and the trust store for its TLS certificate. {@link #toString()} leaves the password out.
 */
record EmulatorInfo(String armEndpoint, String authorityHost, String tenantId, String subscriptionId,
                    Path trustStore, String trustStorePassword, String trustStoreType) {

    /**
     * @throws InvalidInputException naming the file and the missing field
     */
    @SuppressWarnings("unchecked")
    static EmulatorInfo read(Path file) {
        Map<String, Object> json;
        try (JsonReader reader = JsonProviders.createReader(Files.readString(file))) {
            reader.nextToken();
            Object value = reader.readUntyped();
            if (!(value instanceof Map)) {
                throw new IOException("not a JSON object");
            }
            json = (Map<String, Object>) value;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--emulator-info: " + file + " does not exist",
                    "start the emulator with --info-file " + file + " (or pass the path it wrote)");
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("--emulator-info: " + file + " is not the emulator's info JSON ("
                    + e.getMessage() + ")", "pass the file the emulator wrote with --info-file");
        }
        String arm = field(json, file, "armEndpoint",
                "use an emulator build with the Resource Manager API (armEndpoint in its info file)");
        String authority = field(json, file, "authorityHost", "use an emulator build with the token endpoints");
        return new EmulatorInfo(withoutTrailingSlash(arm), authority, field(json, file, "tenantId", null),
                field(json, file, "subscriptionId", null), Path.of(field(json, file, "trustStore", null)),
                field(json, file, "trustStorePassword", null), field(json, file, "trustStoreType", null));
    }

    private static String field(Map<String, Object> json, Path file, String key, String fix) {
        Object value = json.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidInputException("--emulator-info: " + file + " has no '" + key + "'",
                    fix != null ? fix : "pass the file the emulator wrote with --info-file");
        }
        return s;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "EmulatorInfo[armEndpoint=" + armEndpoint + ", authorityHost=" + authorityHost + ", tenantId=" + tenantId
                + ", subscriptionId=" + subscriptionId + ", trustStore=" + trustStore + "]";
    }
}
