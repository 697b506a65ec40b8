package dev.kvconfig.examples.quarkus;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Shows configuration that comes from Key Vault without ever echoing a secret: the greeting (not a secret) as is, the API
 * key only as its length and a short SHA-256 fingerprint, so you can tell which version is live.
 */
@Path("/greeting")
public class GreetingResource {

    /** Secret {@code greeting}, served by the vault config source; a Provider re-reads it, so rotations show up. */
    @Inject
    @ConfigProperty(name = "greeting")
    Provider<String> greeting;

    /** {@code app.api-key=${keyvault::api-key}} in application.properties: a reference resolved through the vault. */
    @Inject
    @ConfigProperty(name = "app.api-key")
    Provider<String> apiKey;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String greeting() {
        String key = apiKey.get();
        return "{\"greeting\":\"" + json(greeting.get()) + "\",\"apiKeyLength\":" + key.length()
                + ",\"apiKeyFingerprint\":\"" + fingerprint(key) + "\"}";
    }

    /** The first 8 hex digits of the SHA-256 of the value: enough to compare versions, useless to recover it. */
    static String fingerprint(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
