package dev.kvconfig.emulator.certificates;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Key Vault error reply ({@code {"error":{"code","message"}}}) thrown out of request handling. */
final class CertificateError extends RuntimeException {
    private final int status;
    private final String code;

    CertificateError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static CertificateError badParameter(String message) {
        return new CertificateError(400, "BadParameter", message);
    }

    static CertificateError notFound(String name, String version) {
        String id = version == null || version.isEmpty() ? name : name + "/" + version;
        return new CertificateError(404, "CertificateNotFound", "A certificate with (name/id) " + id
                + " was not found in this key vault. If you recently deleted this certificate you may be able to"
                + " recover it using the correct recovery command. For help resolving this issue, please see"
                + " https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    Reply toReply() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        return new Reply(status, Json.write(Map.of("error", error)));
    }
}
