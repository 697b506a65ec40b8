package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.Handler;
import dev.kvconfig.emulator.server.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ARM routes. Literal segments match case-insensitively (ARM paths are), {@code {x}} matches one segment, a
 * literal beats a placeholder. {@code Microsoft.Authorization} paths take any scope in front:
 * {@code /{scope}/providers/Microsoft.Authorization/roleAssignments/{name}} puts the scope in param {@code scope}.
 */
final class ArmRoutes {
    private static final String VAULTS = "/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults";
    private static final String KV = "/subscriptions/{s}/providers/Microsoft.KeyVault";
    private static final String AUTHZ = "/providers/Microsoft.Authorization";

    private record Route(String method, List<String> pattern, Handler handler) {
    }

    /** A matched handler and its placeholder values. */
    record Match(Handler handler, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    ArmRoutes(ArmContext context, ArmState state) {
        add("GET", "/subscriptions", r -> list(List.of(state.subscriptionJson())));
        add("GET", "/subscriptions/{s}", r -> {
            state.checkSubscription(r.param("s"));
            return Response.ok(state.subscriptionJson());
        });
        add("GET", "/tenants", r -> list(List.of(Map.of("id", "/tenants/" + context.tenantId(),
                "tenantId", context.tenantId(), "tenantCategory", "Home"))));

        String rg = "/subscriptions/{s}/resourcegroups/{rg}";
        add("GET", "/subscriptions/{s}/resourcegroups", r -> list(state.listGroups(r.param("s"))));
        add("PUT", rg, r -> result(state.putGroup(r.param("s"), r.param("rg"), r.jsonObject())));
        add("GET", rg, r -> Response.ok(state.getGroup(r.param("s"), r.param("rg"))));
        add("HEAD", rg, r -> new Response(state.groupExists(r.param("s"), r.param("rg")) ? 204 : 404, Map.of(),
                null));
        add("DELETE", rg, r -> {
            state.deleteGroup(r.param("s"), r.param("rg"));
            return new Response(200, Map.of(), null);
        });
        add("GET", "/subscriptions/{s}/resources", r -> list(state.listResources(r.param("s"), r.query("$filter"))));

        add("GET", VAULTS, r -> list(state.listVaults(r.param("s"), r.param("rg"))));
        add("GET", KV + "/vaults", r -> list(state.listVaults(r.param("s"), null)));
        add("PUT", VAULTS + "/{v}", r -> result(state.putVault(r.param("s"), r.param("rg"), r.param("v"),
                r.jsonObject())));
        add("PATCH", VAULTS + "/{v}", r -> Response.ok(state.patchVault(r.param("s"), r.param("rg"), r.param("v"),
                r.jsonObject())));
        add("GET", VAULTS + "/{v}", r -> Response.ok(state.getVault(r.param("s"), r.param("rg"), r.param("v"))));
        add("DELETE", VAULTS + "/{v}", r -> new Response(state.deleteVault(r.param("s"), r.param("rg"),
                r.param("v")) ? 200 : 204, Map.of(), null));
        add("PUT", VAULTS + "/{v}/accessPolicies/{kind}", r -> Response.ok(state.updateAccessPolicies(r.param("s"),
                r.param("rg"), r.param("v"), r.param("kind"), r.jsonObject())));
        add("POST", KV + "/checkNameAvailability", r -> Response.ok(state.checkName(r.param("s"), r.jsonObject())));
        add("GET", KV + "/deletedVaults", r -> list(state.listDeleted(r.param("s"))));
        // managed HSMs are not emulated: a subscription without any lists none, as the service answers
        // (az keyvault list and list-deleted ask for them next to the vaults)
        add("GET", KV + "/managedHSMs", r -> noManagedHsms(state, r.param("s")));
        add("GET", KV + "/deletedManagedHSMs", r -> noManagedHsms(state, r.param("s")));
        add("GET", "/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/managedHSMs", r -> {
            state.getGroup(r.param("s"), r.param("rg"));
            return list(List.of());
        });
        add("GET", KV + "/locations/{loc}/deletedVaults/{v}", r -> Response.ok(state.getDeleted(r.param("s"),
                r.param("loc"), r.param("v"))));
        add("POST", KV + "/locations/{loc}/deletedVaults/{v}/purge", r -> {
            state.purgeDeleted(r.param("s"), r.param("loc"), r.param("v"));
            return new Response(200, Map.of(), null);
        });

        add("PUT", AUTHZ + "/roleAssignments/{name}", r -> result(state.putAssignment(r.param("scope"),
                r.param("name"), r.jsonObject())));
        add("GET", AUTHZ + "/roleAssignments/{name}", r -> Response.ok(state.getAssignment(r.param("scope"),
                r.param("name"))));
        add("DELETE", AUTHZ + "/roleAssignments/{name}", r -> {
            Map<String, Object> gone = state.deleteAssignment(r.param("scope"), r.param("name"));
            return gone == null ? new Response(204, Map.of(), null) : Response.ok(gone);
        });
        add("GET", AUTHZ + "/roleAssignments", r -> list(state.listAssignments(r.param("scope"),
                r.query("$filter"))));
        add("GET", AUTHZ + "/roleDefinitions/{id}", r -> Response.ok(state.getRoleDefinition(r.param("scope"),
                r.param("id"))));
        add("GET", AUTHZ + "/roleDefinitions", r -> list(state.listRoleDefinitions(r.param("scope"),
                r.query("$filter"))));
    }

    private void add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, List.of(pattern.substring(1).split("/")), handler));
    }

    private static Response list(List<Object> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", items);
        return Response.ok(body);
    }

    private static Response noManagedHsms(ArmState state, String subscription) {
        state.checkSubscription(subscription);
        return list(List.of());
    }

    private static Response result(ArmState.Result result) {
        return Response.of(result.status(), result.body());
    }

    /**
     * The route for the request.
     *
     * @throws dev.kvconfig.emulator.server.ServiceError 404 for an unknown path, 405 for a known path and another method
     */
    Match match(String method, List<String> segments) {
        Map<String, String> params = new HashMap<>();
        List<String> path = segments;
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (segments.get(i).equalsIgnoreCase("providers")
                    && segments.get(i + 1).equalsIgnoreCase("Microsoft.Authorization")) {
                params.put("scope", "/" + String.join("/", segments.subList(0, i)));
                path = segments.subList(i, segments.size());
                break;
            }
        }
        Route best = null;
        int bestScore = -1;
        boolean known = false;
        for (Route r : routes) {
            int score = score(r.pattern(), path);
            if (score < 0) {
                continue;
            }
            known = true;
            if (r.method().equals(method) && score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        if (best == null) {
            String line = method + " /" + String.join("/", segments);
            throw known
                    ? ArmError.of(405, "MethodNotAllowed", "The method " + method + " is not allowed on /"
                            + String.join("/", segments) + ".")
                    : ArmError.of(404, "NotFound", "No emulated operation matches " + line + ". The emulator serves"
                            + " resource groups, Microsoft.KeyVault vaults and Microsoft.Authorization role"
                            + " assignments.");
        }
        for (int i = 0; i < path.size(); i++) {
            String p = best.pattern().get(i);
            if (p.startsWith("{")) {
                params.put(p.substring(1, p.length() - 1), path.get(i));
            }
        }
        return new Match(best.handler(), params);
    }

    private static int score(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return -1;
        }
        int literals = 0;
        for (int i = 0; i < path.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{")) {
                continue;
            }
            if (!p.equalsIgnoreCase(path.get(i))) {
                return -1;
            }
            literals++;
        }
        return literals;
    }
}
