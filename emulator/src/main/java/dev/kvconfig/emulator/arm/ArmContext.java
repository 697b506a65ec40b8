package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.TokenVerifier;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the Resource Manager API gets to know about its emulator.
 *
 * @param tenantId       the emulator tenant
 * @param subscriptionId the one subscription that exists
 * @param authorityHost  the identity server's base URL (for the 401 challenge), read when needed
 * @param clock          the emulator clock
 * @param requireTokens  true: only tokens the verifier accepts; false: any bearer token
 * @param verifier       checks emulator-signed tokens
 * @param vaults         starts and stops vault data planes
 * @param onChange       called after each request that changed state (outside the Resource Manager's lock), e.g. to
 *                       write the state file
 */
public record ArmContext(String tenantId, String subscriptionId, Supplier<URI> authorityHost, Clock clock,
                         boolean requireTokens, TokenVerifier verifier, VaultHost vaults, Runnable onChange) {
    public ArmContext {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(authorityHost, "authorityHost");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(vaults, "vaults");
        Objects.requireNonNull(onChange, "onChange");
    }
}
