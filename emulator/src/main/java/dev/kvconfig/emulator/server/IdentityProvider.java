package dev.kvconfig.emulator.server;

/**
 * The identity feature: token endpoints on the authorityHost server, token verification for vaults, and token
 * issuing for {@code KeyVaultEmulator.issueToken/credential()}. One instance per emulator; thread safe.
 */
public interface IdentityProvider extends TokenVerifier {
    /**
     * Adds the identity routes (token endpoint, managed identity endpoint, …) on the authorityHost server. Routes there
     * need neither {@code api-version} nor a bearer token; they are not counted in vault stats.
     */
    void register(Routes identityRoutes);

    /**
     * Issues a JWT for the principal ({@code oid}, {@code tid}, {@code appid} claims).
     *
     * @param objectId the principal's object id
     * @return the compact JWT
     */
    String issueToken(String objectId);
}
