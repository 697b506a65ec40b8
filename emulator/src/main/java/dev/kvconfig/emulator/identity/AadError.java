package dev.kvconfig.emulator.identity;

import dev.kvconfig.emulator.server.Response;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An Entra ID token-endpoint error: {@code {error, error_description, error_codes, timestamp, trace_id, correlation_id,
 * error_uri}}, with the AADSTS code leading the description as the service does.
 */
record AadError(int status, String error, int code, String description) {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static AadError invalidRequest(int code, String description) {
        return new AadError(400, "invalid_request", code, description);
    }

    Response toResponse(Instant now, String correlationId) {
        String traceId = UUID.randomUUID().toString();
        String correlation = correlationId == null || correlationId.isBlank()
                ? UUID.randomUUID().toString() : correlationId;
        String timestamp = TIMESTAMP.format(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + traceId
                + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + timestamp);
        body.put("error_codes", List.of(code));
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlation);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return Response.of(status, body);
    }
}
