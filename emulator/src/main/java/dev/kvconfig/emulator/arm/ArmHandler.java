package dev.kvconfig.emulator.arm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Request;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.ServiceError;
import dev.kvconfig.emulator.server.UriText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The ARM server's HTTP handler: bearer check (401 with the ARM challenge), route match, {@code api-version} check,
 * body, handler, JSON answer. Errors use the ARM shape {@code {"error":{"code":…,"message":…}}}.
 */
final class ArmHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ArmHandler.class.getName());
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    /** The audience ARM names in its challenge, whatever host the request used. */
    static final String MANAGEMENT_RESOURCE = "https://management.azure.com/";

    private final ArmContext context;
    private final ArmRoutes routes;

    ArmHandler(ArmContext context, ArmRoutes routes) {
        this.context = context;
        this.routes = routes;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = rawPath(exchange.getRequestURI());
        String line = method + " " + rawPath;
        String correlation = exchange.getRequestHeaders().getFirst("x-ms-client-request-id");
        try {
            List<String> segments = segments(rawPath);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (isCloudMetadata(method, segments)) {
                // served without a token, as Resource Manager does: tools read it before they can log in
                send(exchange, 200, Map.of(), CloudMetadata.endpoints("https://" + host(exchange) + "/",
                        context.authorityHost().get().toString(), query.get("api-version")), correlation);
                LOG.log(Level.DEBUG, "arm: {0} -> 200", line);
                return;
            }
            checkBearer(exchange);
            ArmRoutes.Match match = routes.match(method, segments);
            String apiVersion = query.get("api-version");
            if (apiVersion == null || apiVersion.isBlank()) {
                throw new ServiceError(400, "MissingApiVersionParameter",
                        "The api-version query parameter (?api-version=) is required for all requests.", null);
            }
            Request request = new Request(method, segments, match.params(), query, headers(exchange),
                    readBody(exchange), "https://" + host(exchange));
            Response response = match.handler().handle(request);
            send(exchange, response.status(), response.headers(), response.body(), correlation);
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                context.onChange().run();
            }
            LOG.log(Level.DEBUG, "arm: {0} -> {1}", line, response.status());
        } catch (ServiceError e) {
            LOG.log(Level.DEBUG, "arm: {0} -> {1} {2}", line, e.status(), e.code());
            send(exchange, e.status(), e.headers(), "HEAD".equals(method) ? null : e.body(), correlation);
        } catch (RuntimeException | IOException e) {
            // a handler bug or a broken connection; report without request content
            LOG.log(Level.WARNING, "arm: " + line + " failed: " + e.getClass().getName());
            send(exchange, 500, Map.of(), new ServiceError(500, "InternalServerError",
                    "The emulator failed to handle the request.", null).body(), correlation);
        } finally {
            exchange.close();
        }
    }

    private static boolean isCloudMetadata(String method, List<String> segments) {
        return "GET".equals(method) && segments.size() == 2 && segments.get(0).equalsIgnoreCase("metadata")
                && segments.get(1).equalsIgnoreCase("endpoints");
    }

    /** ARM wants a token on every request but the cloud metadata, before it looks at the path. */
    private void checkBearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).trim();
        }
        if (token == null || token.isEmpty()) {
            throw new ServiceError(401, "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is missing.", null)
                    .withHeader("WWW-Authenticate", challenge("The authentication failed because of missing"
                            + " 'Authorization' header."));
        }
        if (context.requireTokens() && !context.verifier().verify(token)) {
            throw new ServiceError(401, "InvalidAuthenticationToken", "The access token is invalid: the emulator"
                    + " accepts only tokens it issued (requireEmulatorTokens is on).", null)
                    .withHeader("WWW-Authenticate", challenge("The access token is invalid."));
        }
    }

    private String challenge(String description) {
        String authority = context.authorityHost().get().toString().replaceAll("/$", "") + "/" + context.tenantId();
        return "Bearer authorization_uri=\"" + authority + "\", error=\"invalid_token\", error_description=\""
                + description + "\", resource=\"" + MANAGEMENT_RESOURCE + "\"";
    }

    /**
     * The path as sent. The SDK sends {@code //subscriptions/…} for role assignments (a scope starting with '/' after
     * the base URL's '/'), which {@link java.net.URI} would read as an authority, so take it from the raw text.
     */
    static String rawPath(java.net.URI uri) {
        if (uri.getScheme() != null) {
            return uri.getRawPath();
        }
        String s = uri.toString();
        int end = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return s.substring(0, end);
    }

    /** Path segments, percent-decoded; empty segments dropped (the SDK joins a base URL ending in '/' and '/…'). */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(UriText.segment(s, ArmHandler::badEncoding));
            }
        }
        return out;
    }

    static Map<String, String> query(String rawQuery) {
        return UriText.query(rawQuery, ArmHandler::badEncoding);
    }

    private static ServiceError badEncoding() {
        return new ServiceError(400, "InvalidRequestUri", "The request URI is not valid percent-encoding.", null);
    }

    private static String host(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host == null || host.isBlank() ? "localhost:" + exchange.getLocalAddress().getPort() : host.trim();
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> out = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return out;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ServiceError(413, "RequestEntityTooLarge", "The request body is larger than "
                        + MAX_BODY_BYTES + " bytes.", null);
            }
            return body;
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, Object body,
                             String correlation) {
        try {
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("x-ms-request-id", requestId);
            exchange.getResponseHeaders().set("x-ms-correlation-request-id",
                    correlation != null ? correlation : requestId);
            if (body == null || "HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = Json.write(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "arm: could not send the response: {0}", e.getClass().getName());
        }
    }
}
