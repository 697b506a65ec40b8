package dev.kvconfig.source;

import java.util.Objects;

/**
 * A username and password read from one version of a secret, immutable. Handed out by {@link CredentialsView#current()}
 * to whatever opens connections (a pool's credentials provider).
 *
 * <p>{@link #toString()} shows the username, the secret and its version, never the password. Usernames are not treated
 * as secrets (the database shows them in its session list and logs).
 *
 * @param username the login
 * @param password the password; not empty
 * @param secretName the Key Vault secret it was read from, as the vault spells it
 * @param version the secret version it was read from
 */
public record Credentials(String username, String password, String secretName, String version) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(version, "version");
    }

    /** Whether both carry the same username and password (the version may differ: a value written again). */
    boolean sameLogin(Credentials other) {
        return other != null && username.equals(other.username) && password.equals(other.password);
    }

    /** {@code Credentials[username=app, secret=db-password, version=…]}: never the password. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=" + secretName + ", version=" + version + "]";
    }
}
