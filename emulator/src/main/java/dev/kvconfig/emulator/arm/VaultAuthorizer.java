package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.Authorizer;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks data-plane calls against the vault's access policies or, for RBAC vaults, the role assignments at the vault,
 * its resource group or the subscription. The core calls it only with a token the identity feature verified, so
 * reading the claims without checking the signature again is safe here.
 */
final class VaultAuthorizer implements Authorizer {
    private static final String HELP = "For help resolving this issue, please see"
            + " https://go.microsoft.com/fwlink/?linkid=2125287";

    private final ArmState state;

    VaultAuthorizer(ArmState state) {
        this.state = state;
    }

    @Override
    public void authorize(String vaultName, String operationId, String bearerToken) {
        Optional<VaultRecord> found = state.vaultByName(vaultName);
        if (found.isEmpty() || !found.get().enforced()) {
            return;
        }
        VaultRecord vault = found.get();
        Permission needed = Permission.of(operationId);
        if (needed == null) {
            return;
        }
        Map<String, Object> claims = claims(bearerToken);
        String oid = text(claims.get("oid"));
        String caller = "appid=" + text(claims.get("appid")) + ";oid=" + oid + ";iss=" + text(claims.get("iss"));
        String where = vault.name() + ";location=" + vault.location();
        if (vault.enableRbacAuthorization()) {
            String vaultId = vault.id(state.subscriptionId());
            boolean allowed = !oid.isEmpty() && state.rolesAt(oid, vaultId).stream()
                    .anyMatch(r -> r.allowsDataAction(needed.dataAction()));
            if (!allowed) {
                throw ServiceError.forbidden("ForbiddenByRbac", "Caller is not authorized to perform action on"
                        + " resource.\r\nIf role assignments, deny assignments or role definitions were changed"
                        + " recently, please observe propagation time.\r\nCaller: " + caller + "\r\nAction: '"
                        + needed.dataAction() + "'\r\nResource: '" + vaultId.toLowerCase(java.util.Locale.ROOT)
                        + "'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: null \r\nVault: "
                        + where + "\r\n");
            }
            return;
        }
        List<AccessPolicy> policies = vault.accessPolicies();
        boolean allowed = !oid.isEmpty() && policies.stream()
                .anyMatch(p -> p.objectId().equalsIgnoreCase(oid) && p.allows(needed.kind(), needed.permission()));
        if (!allowed) {
            throw ServiceError.forbidden("AccessDenied", "The user, group or application '" + caller
                    + "' does not have " + needed.describe() + " permission on key vault '" + where + "'. " + HELP);
        }
    }

    /** The JWT payload; an unreadable token has no claims (and so no permissions). */
    static Map<String, Object> claims(String token) {
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length < 2) {
                return Map.of();
            }
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            return Json.parseObject(payload);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }
}
