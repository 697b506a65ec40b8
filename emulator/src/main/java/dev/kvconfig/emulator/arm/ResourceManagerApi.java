package dev.kvconfig.emulator.arm;

import com.sun.net.httpserver.HttpHandler;
import dev.kvconfig.emulator.server.Authorizer;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The emulator's Azure Resource Manager API: resource groups, {@code Microsoft.KeyVault} vaults (access policies,
 * soft delete, purge protection, name checks) and {@code Microsoft.Authorization} role assignments, as
 * {@code azure-resourcemanager-keyvault}, {@code -resources} and {@code -authorization} send them; plus the data-plane
 * permission checks that follow from access policies and role assignments. Used by {@code KeyVaultEmulator}, which
 * serves {@link #handler()} on its own HTTPS port and passes {@link #authorizer()} to every vault server.
 *
 * <p>Thread safe: all state sits behind one lock. State lives in memory only.
 */
public final class ResourceManagerApi {
    /** The resource group of the vaults given to the emulator's builder ({@code --vault}). */
    public static final String DEFAULT_RESOURCE_GROUP = "rg-emulator";
    /** The location of that resource group and its vaults. */
    public static final String DEFAULT_LOCATION = "westeurope";
    /**
     * A vault name that is taken in another subscription (someone else's vault): the name check says
     * {@code AlreadyExists} and creating it is a 409 {@code VaultAlreadyExists}, but it is in none of this
     * subscription's lists. For testing how tools explain a taken name.
     */
    public static final String FOREIGN_VAULT_NAME = "kv-taken-elsewhere";

    private final ArmState state;
    private final ArmHandler handler;
    private final VaultAuthorizer authorizer;

    public ResourceManagerApi(ArmContext context) {
        Objects.requireNonNull(context, "context");
        this.state = new ArmState(context);
        this.handler = new ArmHandler(context, new ArmRoutes(context, state));
        this.authorizer = new VaultAuthorizer(state);
    }

    /**
     * Records a vault that the emulator started from its builder: resource group {@value #DEFAULT_RESOURCE_GROUP},
     * access-policy authorization with no policies, so it stays open to every verified caller.
     */
    public void declareVault(String name, URI vaultUri) {
        state.declareVault(Objects.requireNonNull(name, "name"), Objects.requireNonNull(vaultUri, "vaultUri"));
    }

    /** The whole Resource Manager state as untyped JSON, for the emulator's state file. */
    public Map<String, Object> exportState() {
        return state.export();
    }

    /**
     * Restores {@link #exportState()}'s output (null = nothing): starts the vaults that were created through ARM, keeps
     * soft-deleted ones recoverable. Call after {@link #declareVault} for the builder's vaults, before serving.
     *
     * @throws IllegalStateException when the saved state is damaged
     */
    public void restoreState(Map<String, Object> saved) {
        state.restore(saved);
    }

    /** The HTTP handler of the ARM server (bearer and api-version checks, routes, ARM error bodies). */
    public HttpHandler handler() {
        return handler;
    }

    /** The data-plane permission check for vault servers (consulted when the emulator requires its own tokens). */
    public Authorizer authorizer() {
        return authorizer;
    }
}
