package dev.kvconfig.emulator.server;

import java.net.URI;
import java.time.Clock;

/**
 * What the identity feature gets to know.
 *
 * @param tenantId       the emulator tenant (tid claim; the token path segment)
 * @param subscriptionId the emulator subscription
 * @param authorityHost  {@code https://localhost:T/}, the identity server's base URL
 * @param clock          the emulator clock
 */
public record IdentityContext(String tenantId, String subscriptionId, URI authorityHost, Clock clock) {
}
