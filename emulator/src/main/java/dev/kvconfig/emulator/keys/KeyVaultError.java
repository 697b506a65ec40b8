package dev.kvconfig.emulator.keys;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Key Vault error reply ({@code {"error":{"code","message","innererror"}}}) thrown out of request handling. */
final class KeyVaultError extends RuntimeException {
    private final int status;
    private final String code;
    private final String innerCode;

    KeyVaultError(int status, String code, String message, String innerCode) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.innerCode = innerCode;
    }

    static KeyVaultError badParameter(String message) {
        return new KeyVaultError(400, "BadParameter", message, null);
    }

    static KeyVaultError keyNotFound(String name, String version) {
        String id = version == null || version.isEmpty() ? name : name + "/" + version;
        return new KeyVaultError(404, "KeyNotFound", "A key with (name/id) " + id + " was not found in this key vault."
                + " If you recently deleted this key you may be able to recover it using the correct recovery command."
                + " For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182", null);
    }

    int status() {
        return status;
    }

    Reply toReply() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        if (innerCode != null) {
            error.put("innererror", Map.of("code", innerCode));
        }
        return new Reply(status, Json.write(Map.of("error", error)));
    }
}
