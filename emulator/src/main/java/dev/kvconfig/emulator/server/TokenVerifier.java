package dev.kvconfig.emulator.server;

/**
 * Decides whether a bearer token presented to a vault is acceptable. Consulted only when the emulator was built with
 * {@code requireEmulatorTokens(true)} ({@code --require-tokens}); otherwise any bearer token is accepted.
 * Must be thread safe.
 */
@FunctionalInterface
public interface TokenVerifier {
    /**
     * @param bearerToken the token after {@code "Bearer "}
     * @return true when the token was issued (signed) by this emulator and is currently valid
     */
    boolean verify(String bearerToken);
}
