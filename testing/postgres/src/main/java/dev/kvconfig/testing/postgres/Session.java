package dev.kvconfig.testing.postgres;

import java.time.Instant;
import java.util.Objects;

/**
 * One authenticated client session of the server, from {@code pg_stat_activity}; immutable.
 *
 * @param pid the backend's process id
 * @param username the role it authenticated as ({@code usename})
 * @param applicationName the client's {@code application_name}, empty if it set none
 * @param backendStart when the connection was opened
 */
public record Session(int pid, String username, String applicationName, Instant backendStart) {

    public Session {
        Objects.requireNonNull(username, "username");
        applicationName = applicationName == null ? "" : applicationName;
        Objects.requireNonNull(backendStart, "backendStart");
    }
}
