package dev.kvconfig.emulator.server;

/**
 * Decides whether the caller may run a vault operation (access policies, RBAC). The core consults it after the bearer
 * check, only when the emulator requires its own tokens ({@code requireEmulatorTokens(true)}), so the token has been
 * verified already. Must be thread safe.
 */
@FunctionalInterface
public interface Authorizer {
    /** Lets every verified caller do everything. */
    Authorizer ALLOW_ALL = (vault, operationId, bearerToken) -> { };

    /**
     * @param vault       the vault name
     * @param operationId the Key Vault REST operationId of the matched route, e.g. {@code GetSecret}
     * @param bearerToken the verified token (after {@code "Bearer "})
     * @throws ServiceError 403 Forbidden when the caller lacks the permission
     */
    void authorize(String vault, String operationId, String bearerToken);
}
