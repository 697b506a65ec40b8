package dev.kvconfig.emulator;

import dev.kvconfig.emulator.server.Handler;
import dev.kvconfig.emulator.server.Routes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The routes of one server; see {@link Routes} for the matching rules. Thread safe. */
final class RouteTable implements Routes {

    record Route(String method, List<String> pattern, String operationId, Handler handler) {
        boolean placeholder(int i) {
            String s = pattern.get(i);
            return s.length() > 2 && s.startsWith("{") && s.endsWith("}");
        }
    }

    /** A lookup result: a route and its placeholder values, or only whether some other method would match. */
    record Match(Route route, Map<String, String> params, boolean pathKnown) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    @Override
    public void add(String method, String pattern, String operationId, Handler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(handler, "handler");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        List<String> parts = split(pattern);
        String m = method.toUpperCase(Locale.ROOT);
        for (Route r : routes) {
            if (r.method().equals(m) && r.pattern().equals(parts)) {
                throw new IllegalArgumentException("route " + m + " " + pattern + " is already registered (operation "
                        + r.operationId() + ")");
            }
        }
        routes.add(new Route(m, parts, operationId, handler));
    }

    static List<String> split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return List.of(p.split("/", -1));
    }

    Match match(String method, List<String> segments) {
        Route best = null;
        int bestScore = -1;
        boolean pathKnown = false;
        for (Route r : routes) {
            int score = score(r, segments);
            if (score < 0) {
                continue;
            }
            pathKnown = true;
            if (r.method().equals(method) && score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        if (best == null) {
            return new Match(null, Map.of(), pathKnown);
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            if (best.placeholder(i)) {
                String p = best.pattern().get(i);
                params.put(p.substring(1, p.length() - 1), segments.get(i));
            }
        }
        return new Match(best, params, true);
    }

    /** -1 when the route does not match, else the number of literal segments. */
    private static int score(Route r, List<String> segments) {
        if (r.pattern().size() != segments.size()) {
            return -1;
        }
        int literals = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (r.placeholder(i)) {
                continue;
            }
            if (!r.pattern().get(i).equalsIgnoreCase(segments.get(i))) {
                return -1;
            }
            literals++;
        }
        return literals;
    }

    List<String> operationIds() {
        List<String> ids = new ArrayList<>();
        routes.forEach(r -> ids.add(r.operationId()));
        return ids;
    }
}
