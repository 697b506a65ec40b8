package dev.kvconfig.emulator.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the emulator answers with, in the Key Vault shape
 * {@code {"error":{"code":…,"message":…,"innererror":{"code":…}}}}. Throw it from a {@link Handler}; the core turns it
 * into the response. Messages must never contain a secret value or a token.
 */
public final class ServiceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String innerCode;
    private final transient Map<String, String> headers;

    /**
     * @param status    HTTP status
     * @param code      the error code (e.g. {@code SecretNotFound}, {@code BadParameter})
     * @param message   the message (no secret values)
     * @param innerCode the innererror code, or null for none
     */
    public ServiceError(int status, String code, String message, String innerCode) {
        this(status, code, message, innerCode, Map.of());
    }

    private ServiceError(int status, String code, String message, String innerCode, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.innerCode = innerCode;
        this.headers = Map.copyOf(headers);
    }

    /** A copy of this error that also sends the given response header. */
    public ServiceError withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ServiceError(status, code, getMessage(), innerCode, h);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The innererror code, or null. */
    public String innerCode() {
        return innerCode;
    }

    /** Extra response headers (e.g. WWW-Authenticate, Retry-After). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body as an untyped map. */
    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        if (innerCode != null) {
            error.put("innererror", Map.of("code", innerCode));
        }
        return Map.of("error", error);
    }

    /** 400 BadParameter. */
    public static ServiceError badParameter(String message) {
        return new ServiceError(400, "BadParameter", message, null);
    }

    /** 404 with the given code (e.g. SecretNotFound, KeyNotFound, CertificateNotFound). */
    public static ServiceError notFound(String code, String message) {
        return new ServiceError(404, code, message, null);
    }

    /** 403 Forbidden with an innererror code (e.g. SecretDisabled). */
    public static ServiceError forbidden(String innerCode, String message) {
        return new ServiceError(403, "Forbidden", message, innerCode);
    }

    /** 409 Conflict with an innererror code (e.g. ObjectIsDeletedButRecoverable), or null. */
    public static ServiceError conflict(String innerCode, String message) {
        return new ServiceError(409, "Conflict", message, innerCode);
    }

    /** 401 Unauthorized (the core adds the WWW-Authenticate challenge on vault servers). */
    public static ServiceError unauthorized(String message) {
        return new ServiceError(401, "Unauthorized", message, null);
    }

    @Override
    public String toString() {
        return "ServiceError[" + status + " " + code + (innerCode == null ? "" : "/" + innerCode) + ": " + getMessage() + "]";
    }
}
