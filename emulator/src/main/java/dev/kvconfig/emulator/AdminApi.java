package dev.kvconfig.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API, plain HTTP on 127.0.0.1: {@code GET /stats}, {@code POST /stats/reset}, {@code PUT /faults[?vault=]},
 * {@code DELETE /faults[?vault=]}, {@code GET /health}, {@code GET /info}. Not counted in stats, never faulted.
 */
final class AdminApi implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(AdminApi.class.getName());

    private final KeyVaultEmulator emulator;

    AdminApi(KeyVaultEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            Map<String, String> query = Dispatcher.query(exchange.getRequestURI().getRawQuery());
            String vault = query.get("vault");
            if (vault != null && !emulator.vaultNames().contains(vault)) {
                throw ServiceError.notFound("VaultNotFound", "Unknown vault '" + vault + "'; the emulator has "
                        + emulator.vaultNames() + ".");
            }
            Object body = switch (path) {
                case "/stats" -> {
                    require(method, "GET", path);
                    yield emulator.stats().toJson();
                }
                case "/stats/reset" -> {
                    require(method, "POST", path);
                    emulator.resetStats();
                    yield null;
                }
                case "/faults" -> {
                    if (method.equals("PUT")) {
                        Faults f = parseFaults(read(exchange));
                        if (vault == null) {
                            emulator.faults(f);
                        } else {
                            emulator.faults(vault, f);
                        }
                        yield toJson(f);
                    }
                    require(method, "DELETE", path);
                    if (vault == null) {
                        emulator.clearFaults();
                    } else {
                        emulator.clearFaults(vault);
                    }
                    yield null;
                }
                case "/health" -> {
                    require(method, "GET", path);
                    Map<String, Object> h = new LinkedHashMap<>();
                    h.put("status", "UP");
                    h.put("vaults", emulator.vaultNames().stream().toList());
                    yield h;
                }
                case "/info" -> {
                    require(method, "GET", path);
                    yield Json.parse(emulator.infoJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                default -> throw ServiceError.notFound("NotFound", "No admin operation at " + path
                        + "; use /stats, /stats/reset, /faults, /health or /info.");
            };
            LOG.log(Level.DEBUG, "admin: {0} {1}", method, path);
            send(exchange, body == null ? 204 : 200, body);
        } catch (ServiceError e) {
            LOG.log(Level.DEBUG, "admin: {0} {1} -> {2}", method, path, e.status());
            send(exchange, e.status(), e.body());
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "admin: " + method + " " + path + " failed: " + e);
            send(exchange, 500, new ServiceError(500, "InternalServerError", "The admin request failed.", null).body());
        } finally {
            exchange.close();
        }
    }

    private static void require(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw new ServiceError(405, "MethodNotAllowed", method + " is not allowed on " + path + "; use "
                    + expected + ".", null);
        }
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] b = in.readNBytes(64 * 1024 + 1);
            if (b.length > 64 * 1024) {
                throw ServiceError.badParameter("The faults body is too large.");
            }
            return b;
        }
    }

    /** {@code {"latencyMs":20,"outage":false,"errorRate":0.0,"throttle":{"requests":100,"perSeconds":10}}}, all optional. */
    static Faults parseFaults(byte[] body) {
        Map<String, Object> m = body.length == 0 ? Map.of() : Json.parseObject(body);
        for (String key : m.keySet()) {
            if (!java.util.Set.of("latencyMs", "outage", "errorRate", "throttle").contains(key)) {
                throw ServiceError.badParameter("Unknown faults field '" + key
                        + "'; use latencyMs, outage, errorRate, throttle {requests, perSeconds}.");
            }
        }
        Long latency = Json.number(m, "latencyMs");
        Boolean outage = Json.bool(m, "outage");
        Object rate = m.get("errorRate");
        if (rate != null && !(rate instanceof Number)) {
            throw ServiceError.badParameter("errorRate must be a number from 0.0 to 1.0.");
        }
        Map<String, Object> t = Json.object(m, "throttle");
        try {
            Faults.Throttle throttle = null;
            if (t != null) {
                Long requests = Json.number(t, "requests");
                Long per = Json.number(t, "perSeconds");
                if (requests == null || per == null) {
                    throw ServiceError.badParameter("throttle needs both requests and perSeconds, e.g."
                            + " {\"requests\":100,\"perSeconds\":10}.");
                }
                throttle = new Faults.Throttle(Math.toIntExact(requests), Duration.ofSeconds(per));
            }
            return new Faults(Duration.ofMillis(latency == null ? 0 : latency), Boolean.TRUE.equals(outage),
                    rate == null ? 0.0 : ((Number) rate).doubleValue(), throttle);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ServiceError.badParameter("Invalid faults: " + e.getMessage());
        }
    }

    static Map<String, Object> toJson(Faults f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latencyMs", f.latency().toMillis());
        m.put("outage", f.outage());
        m.put("errorRate", f.errorRate());
        if (f.throttle() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("requests", f.throttle().requests());
            t.put("perSeconds", f.throttle().per().toSeconds());
            m.put("throttle", t);
        }
        return m;
    }

    private static void send(HttpExchange exchange, int status, Object body) {
        try {
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
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "admin: could not send the response: {0}", e.getClass().getName());
        }
    }
}
