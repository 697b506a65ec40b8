package dev.kvconfig.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kvconfig.emulator.server.Authorizer;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Request;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.ServiceError;
import dev.kvconfig.emulator.server.TokenVerifier;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The HTTP handler of one server: matches a route, and for vault servers counts the operation, applies faults, checks
 * {@code api-version} and the bearer token (answering the challenge before the body is read), then reads the body and
 * calls the route's handler. Errors become Key Vault JSON errors; nothing a client sends can make it throw.
 */
final class Dispatcher implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    /** Bodies above this are refused unread; the largest legal body (a 25 KB value, tags) is far smaller. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** What only vault servers have. */
    record VaultPolicy(String vault, Counters counters, FaultControl faults, boolean requireTokens,
                       TokenVerifier verifier, Supplier<String> authority, Authorizer authorizer) {
        /** Without permission checks: every verified caller may do everything. */
        VaultPolicy(String vault, Counters counters, FaultControl faults, boolean requireTokens,
                    TokenVerifier verifier, Supplier<String> authority) {
            this(vault, counters, faults, requireTokens, verifier, authority, Authorizer.ALLOW_ALL);
        }
    }

    private final String serverName;
    private final RouteTable routes;
    private final VaultPolicy vault;

    /** A vault server. */
    Dispatcher(RouteTable routes, VaultPolicy vault) {
        this.serverName = "vault " + vault.vault();
        this.routes = routes;
        this.vault = vault;
    }

    /** A server without vault policies (identity). */
    Dispatcher(String serverName, RouteTable routes) {
        this.serverName = serverName;
        this.routes = routes;
        this.vault = null;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String line = method + " " + rawPath;
        try {
            List<String> segments = segments(rawPath);
            if (vault == null) {
                // Entra ID and App Service ignore empty segments: /adfs/oauth2/token/ (the AD FS document's token
                // endpoint), {MSI_ENDPOINT}/?resource=… (msrestazure); vault routes need them (/secrets/{name}/)
                segments = segments.stream().filter(s -> !s.isEmpty()).toList();
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            RouteTable.Match match = routes.match(method, segments);
            String operation = match.route() == null ? null : match.route().operationId();
            if (vault != null && operation != null) {
                vault.counters().count(vault.vault(), operation);
                Faults f = vault.faults().current(vault.vault());
                if (f.outage()) {
                    LOG.log(Level.DEBUG, "{0}: {1} -> connection closed (outage fault)", serverName, line);
                    closeWithoutResponse(exchange);
                    return;
                }
                applyFaults(f);
            }
            if (match.route() == null) {
                throw match.pathKnown()
                        ? new ServiceError(405, "MethodNotAllowed", "The method " + method
                                + " is not allowed on " + rawPath + ".", null)
                        : ServiceError.notFound("NotFound", "No operation matches " + method + " " + rawPath + ".");
            }
            if (vault != null) {
                checkApiVersion(query);
                String token = checkBearer(exchange);
                if (vault.requireTokens()) {
                    vault.authorizer().authorize(vault.vault(), operation, token); // access policies / RBAC (arm)
                }
            }
            byte[] body = readBody(exchange);
            Request request = new Request(method, segments, match.params(), query, headers(exchange), body,
                    baseUrl(exchange));
            Response response = match.route().handler().handle(request);
            send(exchange, response.status(), response.headers(), response.body());
            LOG.log(Level.DEBUG, "{0}: {1} -> {2} {3}", serverName, line, response.status(), operation);
        } catch (ServiceError e) {
            LOG.log(Level.DEBUG, "{0}: {1} -> {2} {3}", serverName, line, e.status(), e.code());
            send(exchange, e.status(), e.headers(), e.body());
        } catch (RuntimeException | IOException e) {
            // A handler bug or a broken connection; report without request content.
            LOG.log(Level.WARNING, serverName + ": " + line + " failed: " + e.getClass().getName());
            send(exchange, 500, Map.of(), new ServiceError(500, "InternalServerError",
                    "The emulator failed to handle the request.", null).body());
        } finally {
            exchange.close();
        }
    }

    private void applyFaults(Faults f) {
        if (!f.latency().isZero()) {
            try {
                Thread.sleep(f.latency().toMillis(), f.latency().toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (f.throttle() != null) {
            long retryAfter = vault.faults().acquire(vault.vault(), f.throttle());
            if (retryAfter > 0) {
                throw new ServiceError(429, "Throttled", "Operations per second is over the limit of "
                        + f.throttle().requests() + " per " + f.throttle().per().toMillis() + " ms for this vault.",
                        null).withHeader("Retry-After", Long.toString(retryAfter));
            }
        }
        if (f.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < f.errorRate()) {
            throw ThreadLocalRandom.current().nextBoolean()
                    ? new ServiceError(500, "InternalServerError", "Internal server error (injected fault).", null)
                    : new ServiceError(503, "ServiceUnavailable", "Service unavailable (injected fault).", null);
        }
    }

    private static void checkApiVersion(Map<String, String> query) {
        String v = query.get("api-version");
        if (v == null || v.isBlank()) {
            throw ServiceError.badParameter("The api-version query parameter is required, e.g. ?api-version=7.5.");
        }
    }

    /** Answers the challenge without touching the body (the SDK sends its first request with Content-Length 0). */
    private String checkBearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).trim();
        }
        if (token == null || token.isEmpty()) {
            throw ServiceError.unauthorized("AKV10000: Request is missing a Bearer or PoP token.")
                    .withHeader("WWW-Authenticate", challenge(exchange));
        }
        if (vault.requireTokens() && !vault.verifier().verify(token)) {
            throw ServiceError.unauthorized("AKV10032: Invalid issuer or signature: the emulator accepts only tokens"
                    + " it issued (requireEmulatorTokens is on).").withHeader("WWW-Authenticate", challenge(exchange));
        }
        return token;
    }

    private String challenge(HttpExchange exchange) {
        return "Bearer authorization=\"" + vault.authority().get() + "\", resource=\""
                + challengeResource(hostName(exchange)) + "\"";
    }

    /**
     * The challenge resource derived from the Host name: {@code demo.vault.azure.net} -> {@code https://vault.azure.net};
     * a name with fewer than two dots or an IP address -> {@code https://vault.azure.net}.
     */
    static String challengeResource(String host) {
        boolean ip = host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        long dots = host.chars().filter(c -> c == '.').count();
        if (ip || dots < 2) {
            return "https://vault.azure.net";
        }
        return "https://" + host.substring(host.indexOf('.') + 1);
    }

    private static String hostHeader(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = "localhost:" + exchange.getLocalAddress().getPort();
        }
        return host.trim();
    }

    private static String hostName(HttpExchange exchange) {
        String host = hostHeader(exchange);
        if (host.startsWith("[")) {
            return host.substring(0, host.indexOf(']') + 1);
        }
        int colon = host.lastIndexOf(':');
        return (colon >= 0 ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
    }

    private static String baseUrl(HttpExchange exchange) {
        return "https://" + hostHeader(exchange);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                    throw ServiceError.badParameter("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
                }
            } catch (NumberFormatException e) {
                throw ServiceError.badParameter("Invalid Content-Length header.");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw ServiceError.badParameter("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
            }
            return body;
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> out = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> out.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v),
                (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
        return out;
    }

    static List<String> segments(String rawPath) {
        List<String> raw = RouteTable.split(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        List<String> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            out.add(UriText.segment(s, Dispatcher::badEncoding));
        }
        return out;
    }

    static Map<String, String> query(String rawQuery) {
        return UriText.query(rawQuery, Dispatcher::badEncoding);
    }

    private static ServiceError badEncoding() {
        return ServiceError.badParameter("The request URI is not valid percent-encoding.");
    }

    /**
     * Ends the exchange without a status line: {@code HttpExchange.close()} before {@code sendResponseHeaders} closes
     * the connection, which is what an outage looks like to a client.
     */
    private static void closeWithoutResponse(HttpExchange exchange) {
        exchange.close();
    }

    private void send(HttpExchange exchange, int status, Map<String, String> headers, Object body) {
        try {
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
            if (body == null) {
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
            LOG.log(Level.DEBUG, "{0}: could not send the response: {1}", serverName, e.getClass().getName());
        }
    }
}
