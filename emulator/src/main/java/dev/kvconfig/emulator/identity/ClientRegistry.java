package dev.kvconfig.emulator.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The application registrations the emulator's token endpoint knows.
 *
 * <p>Lax (default): a registered client must present its own secret; any other client id is accepted as it is, with the
 * object id {@code UUID.nameUUIDFromBytes(clientId)}. Strict: only registered clients get tokens. Immutable and
 * thread-safe; secrets never appear in {@link #toString()}.
 */
public final class ClientRegistry {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");

    private final Map<String, Client> clients;
    private final boolean strict;

    private ClientRegistry(Map<String, Client> clients, boolean strict) {
        this.clients = Map.copyOf(clients);
        this.strict = strict;
    }

    /** An empty, lax registry. */
    public static ClientRegistry lax() {
        return new ClientRegistry(Map.of(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    boolean strict() {
        return strict;
    }

    Optional<Client> find(String clientId) {
        return Optional.ofNullable(clients.get(clientId.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The object id the emulator gives an unregistered client. */
    static String derivedObjectId(String clientId) {
        return UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
        return "ClientRegistry[clients=" + clients.keySet() + ", strict=" + strict + "]";
    }

    /** A registered application. */
    record Client(String clientId, String secret, String objectId) {
        boolean secretMatches(String presented) {
            return presented != null && MessageDigest.isEqual(
                    secret.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Client[clientId=" + clientId + ", objectId=" + objectId + "]";
        }
    }

    /** Collects registrations; each setter validates at once. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Client> clients = new LinkedHashMap<>();
        private boolean strict;

        private Builder() {
        }

        /**
         * Registers an application.
         *
         * @param clientId the application (client) id, as credentials send it
         * @param secret its client secret
         * @param objectId the service principal's object id, put in the {@code oid} claim
         * @throws IllegalArgumentException when a value is blank or malformed, or the client id is already registered
         */
        public Builder client(String clientId, String secret, String objectId) {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(objectId, "objectId");
            if (!CLIENT_ID.matcher(clientId).matches()) {
                throw new IllegalArgumentException("client id '" + clientId
                        + "' is invalid: use 1-256 of [A-Za-z0-9._:/-], usually a GUID");
            }
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("the secret of client '" + clientId + "' is empty");
            }
            if (objectId.isBlank()) {
                throw new IllegalArgumentException("the object id of client '" + clientId + "' is blank");
            }
            String key = clientId.toLowerCase(java.util.Locale.ROOT);
            if (clients.containsKey(key)) {
                throw new IllegalArgumentException("client '" + clientId + "' is already registered");
            }
            clients.put(key, new Client(clientId, secret, objectId));
            return this;
        }

        /** {@code true}: unregistered client ids are refused ({@code unauthorized_client}). Default {@code false}. */
        public Builder strict(boolean on) {
            this.strict = on;
            return this;
        }

        public ClientRegistry build() {
            return new ClientRegistry(clients, strict);
        }
    }
}
