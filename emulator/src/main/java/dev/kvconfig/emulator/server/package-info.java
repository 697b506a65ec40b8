/**
 * The emulator's small server SPI: how a feature package (secrets, keys, certificates, identity) registers its
 * REST routes on the emulator's HTTPS servers. Not for emulator users; see {@code docs/internals/emulator-core.md}.
 *
 * <p>A vault feature implements {@link dev.kvconfig.emulator.server.VaultModule}; it is called once per vault with
 * that vault's {@link dev.kvconfig.emulator.server.VaultContext} and a {@link dev.kvconfig.emulator.server.Routes}
 * to add {@code (method, path pattern, operationId, handler)} entries to. The core does everything around a handler:
 * stats (per operationId), faults, {@code api-version}, the bearer challenge, reading the body, JSON errors.
 * The identity feature implements {@link dev.kvconfig.emulator.server.IdentityProvider}, which registers routes on the
 * separate authorityHost server and verifies and issues tokens.
 */
package dev.kvconfig.emulator.server;
