package dev.kvconfig.source;

import static java.util.Objects.requireNonNull;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import dev.kvconfig.source.naming.NameMapping;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The username and password a connection pool should log in with, read from one secret of a {@link KeyVaultConfigSource}
 * and kept current as the vault rotates it. Three ways to keep credentials in a secret ({@link Format}):
 * <ul>
 *   <li>{@link Format#PASSWORD}: the value is the password; the username is fixed in configuration.</li>
 *   <li>{@link Format#TAGGED}: the value is the password and the version's tag {@code CredentialId} names the login, the
 *       convention of Key Vault's rotation tutorials; two logins can alternate (dual-user rotation), and username and
 *       password always change together because they are one version.</li>
 *   <li>{@link Format#JSON}: the value is {@code {"username": "…", "password": "…"}} (other fields ignored), also one
 *       version for both.</li>
 * </ul>
 *
 * <pre>{@code
 * CredentialsView db = CredentialsView.builder("orders-db")
 *         .secret("orders-db-login").format(CredentialsView.Format.TAGGED)
 *         .build(KeyVaultConfigSource.of(config).get(0));
 * hikariConfig.setCredentialsProvider(() -> {
 *     Credentials c = db.current();
 *     return com.zaxxer.hikari.util.Credentials.of(c.username(), c.password());
 * });
 * db.addListener(c -> dataSource.getHikariPoolMXBean().softEvictConnections());
 * }</pre>
 *
 * <p>Thread-safe. {@link #current()} reads memory only, never the network: the view follows the source's snapshot, which
 * the source's refresher keeps fresh ({@code keyvault.refresh.interval}, or {@link KeyVaultConfigSource#refreshNow()}).
 * New connections therefore use a rotated password at most one refresh after the new version is written; open
 * connections are not touched unless a {@link CredentialsListener} retires them.
 *
 * <p>Failure: a new version that cannot be read as credentials (empty value, no {@code CredentialId} tag, not a JSON
 * object with {@code username} and {@code password} strings), or the secret disappearing, is refused: {@link #current()}
 * keeps returning the last good credentials, the reason (naming the view, the secret and the version, never a value) is
 * logged once at WARNING, shown by {@link #refusal()} and listed in the source's {@link VaultStatus#refused()} until a
 * readable version arrives. {@link Builder#build} fails instead when the secret cannot be read as credentials at all.
 *
 * <p>Lifecycle: {@link #close()} stops following the source; closing the source stops the view changing.
 */
public final class CredentialsView implements AutoCloseable {

    /** The tag that names the login in {@link Format#TAGGED} secrets, as in Key Vault's rotation tutorials. */
    public static final String DEFAULT_USERNAME_TAG = KeyVaultSetting.Defaults.CREDENTIALS_PROVIDER_USERNAME_TAG;
    /** {@link Format#PASSWORD}, the simplest way: a password secret and a username in configuration. */
    public static final Format DEFAULT_FORMAT =
            Format.parse("format", KeyVaultSetting.Defaults.CREDENTIALS_PROVIDER_FORMAT);
    /** Where the settings of view {@code <name>} live: {@code keyvault.credentials-provider.<name>.*}. */
    static final String DEFAULT_KEY_ROOT = KeyVaultOptions.DEFAULT_KEY_ROOT + "credentials-provider.";

    static final System.Logger LOG = Refresher.LOG;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** How a secret holds credentials; the settings take the lower-case names ({@code password}, {@code tagged}, {@code json}). */
    public enum Format {
        /** The value is the password; the username comes from configuration ({@link Builder#username}). */
        PASSWORD("password"),
        /** The value is the password; the version's tag ({@code CredentialId} by default) names the login. */
        TAGGED("tagged"),
        /** The value is a JSON object with {@code username} and {@code password} strings. */
        JSON("json");

        private final String configName;

        Format(String configName) {
            this.configName = configName;
        }

        /** The value as written in {@code keyvault.credentials-provider.<name>.format}. */
        public String configName() {
            return configName;
        }

        static Format parse(String key, String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (f.configName.equals(t)) {
                    return f;
                }
            }
            throw SettingText.invalid(key, text, "one of " + Arrays.stream(values()).map(Format::configName).toList());
        }
    }

    /** What the view serves and what it last saw; swapped whole. {@code seen} is null when the secret is absent. */
    private record State(Credentials current, Snapshot.Entry seen, String refusal) {
    }

    /** One version read: credentials, or why not and what to write instead. */
    private record Reading(Credentials credentials, String reason, String fix) {
        static Reading ok(Credentials c) {
            return new Reading(c, null, null);
        }

        static Reading refused(String reason, String fix) {
            return new Reading(null, reason, fix);
        }
    }

    private final String name;
    private final String keyPrefix;
    private final String secret;
    private final String lookupKey;
    private final Format format;
    private final String username;
    private final String usernameTag;
    private final KeyVaultConfigSource source;
    private final SecretsChangeListener onVaultChange = event -> update();
    private final List<CredentialsListener> listeners = new CopyOnWriteArrayList<>();
    private volatile State state; // written under this
    private boolean closed; // guarded by this

    private CredentialsView(Builder b, KeyVaultConfigSource source) {
        this.name = b.name;
        this.keyPrefix = b.keyPrefix;
        this.secret = b.secret;
        this.lookupKey = NameMapping.lookupKey(b.secret);
        this.format = b.format == null ? DEFAULT_FORMAT : b.format;
        this.username = b.username;
        this.usernameTag = b.usernameTag == null ? DEFAULT_USERNAME_TAG : b.usernameTag;
        this.source = source;
    }

    /**
     * A builder for the view named {@code name}: its settings are {@code keyvault.credentials-provider.<name>.*}, and
     * messages, logs and the status name it so.
     *
     * @throws IllegalArgumentException if {@code name} is not 1 to 64 of {@code [A-Za-z0-9_-]}
     */
    public static Builder builder(String name) {
        return new Builder(DEFAULT_KEY_ROOT, name);
    }

    /** The name given to {@link #builder(String)}. */
    public String name() {
        return name;
    }

    /**
     * The credentials to open a connection with now: those of the newest readable version the source has loaded. Memory
     * only, never I/O, never null; cheap enough to call for every new connection.
     */
    public Credentials current() {
        return state.current();
    }

    /**
     * Why the newest version of the secret was refused (view, secret, version and reason, never a value); empty when
     * {@link #current()} is read from the newest version.
     */
    public Optional<String> refusal() {
        return Optional.ofNullable(state.refusal());
    }

    /** Registers a listener told after each change of username or password. See {@link CredentialsListener}. */
    public void addListener(CredentialsListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    public void removeListener(CredentialsListener listener) {
        listeners.remove(listener);
    }

    /** Stops following the source: {@link #current()} keeps its last value, listeners are not told again. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        source.removeChangeListener(onVaultChange);
        source.reportRefused(name, null);
    }

    /** {@code CredentialsView[name=orders-db, secret=db-password, format=tagged]}: never a username or password. */
    @Override
    public String toString() {
        return "CredentialsView[name=" + name + ", secret=" + secret + ", format=" + format.configName() + "]";
    }

    /** The first read, on the builder's thread; then follows the source. */
    private void start() {
        synchronized (this) {
            Snapshot.Entry entry = source.snapshot().entry(lookupKey);
            Reading reading = read(entry);
            if (reading.credentials() == null) {
                throw new IllegalStateException("credentials " + name + " (" + keyPrefix + "secret=" + secret + "): "
                        + describe(entry) + " cannot be read as credentials: " + reading.reason() + ". "
                        + reading.fix());
            }
            state = new State(reading.credentials(), entry, null);
        }
        source.addChangeListener(onVaultChange);
        // A refresh may have published between the read above and the registration: catch up with it.
        update();
    }

    /** Follows the source's snapshot; runs on its refresher thread (and once at start). */
    private void update() {
        Credentials changed;
        synchronized (this) {
            if (closed) {
                return;
            }
            State before = state;
            Snapshot.Entry entry = source.snapshot().entry(lookupKey);
            if (entry == before.seen() || (entry != null && before.seen() != null && entry.sameContent(before.seen()))) {
                return;
            }
            Reading reading = read(entry);
            if (reading.credentials() == null) {
                String line = "credentials " + name + ": " + describe(entry) + " refused: " + reading.reason();
                state = new State(before.current(), entry, line);
                source.reportRefused(name, line);
                LOG.log(Level.WARNING, "kvconfig: {0}; still using version {1} of secret {2}. {3}", line,
                        before.current().version(), before.current().secretName(), reading.fix());
                return;
            }
            Credentials now = reading.credentials();
            state = new State(now, entry, null);
            if (before.refusal() != null) {
                source.reportRefused(name, null);
            }
            if (now.sameLogin(before.current())) {
                return;
            }
            LOG.log(Level.INFO, "kvconfig: credentials {0} now use version {1} of secret {2} (username {3})", name,
                    now.version(), now.secretName(), now.username());
            changed = now;
        }
        for (CredentialsListener l : listeners) {
            try {
                l.onChange(changed);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "kvconfig: credentials listener {0} of {1} failed with {2}",
                        l.getClass().getName(), name, e.getClass().getName());
            }
        }
    }

    private String describe(Snapshot.Entry entry) {
        return entry == null ? "secret " + secret : "secret " + entry.secretName + " version " + version(entry);
    }

    private static String version(Snapshot.Entry entry) {
        return entry.version == null ? "(unknown)" : entry.version;
    }

    private Reading read(Snapshot.Entry entry) {
        if (entry == null) {
            return Reading.refused("the vault serves no such secret (absent, disabled, expired, or left out by "
                    + "keyvault.secret-prefix, keyvault.secrets or keyvault.tags)", "Check the secret's name and "
                    + "attributes in vault " + source.alias() + " (" + source.vaultUrl() + ")");
        }
        switch (format) {
            case PASSWORD:
                if (entry.value.isEmpty()) {
                    return Reading.refused("its value is empty, so there is no password",
                            "Write a new version whose value is the password");
                }
                return Reading.ok(new Credentials(username, entry.value, entry.secretName, version(entry)));
            case TAGGED:
                String login = tag(entry.tags);
                if (login == null || login.isBlank()) {
                    return Reading.refused("it has no tag " + usernameTag + " naming the login",
                            "Write a new version whose value is the password, tagged " + usernameTag + "=<login>");
                }
                if (entry.value.isEmpty()) {
                    return Reading.refused("its value is empty, so there is no password",
                            "Write a new version whose value is the password, tagged " + usernameTag + "=<login>");
                }
                return Reading.ok(new Credentials(login, entry.value, entry.secretName, version(entry)));
            default:
                return readJson(entry);
        }
    }

    /** The login tag, matched exactly and else ignoring case (Azure treats tag names case-insensitively elsewhere). */
    private String tag(Map<String, String> tags) {
        String exact = tags.get(usernameTag);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey().equalsIgnoreCase(usernameTag)) {
                return t.getValue();
            }
        }
        return null;
    }

    private Reading readJson(Snapshot.Entry entry) {
        String fix = "Write a new version whose value is {\"username\": \"<login>\", \"password\": \"<password>\"}";
        String user = null;
        String password = null;
        // The parser's own messages quote the text around an error, so they are never passed on: only what was wrong.
        try (JsonReader json = JsonProviders.createReader(entry.value)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return Reading.refused("its value is not a JSON object", fix);
            }
            while (json.nextToken() != JsonToken.END_OBJECT) {
                String field = json.getFieldName();
                JsonToken token = json.nextToken();
                if ("username".equals(field) || "password".equals(field)) {
                    if (token != JsonToken.STRING) {
                        return Reading.refused("its JSON field \"" + field + "\" is not a string", fix);
                    }
                    if (field.equals("username")) {
                        user = json.getString();
                    } else {
                        password = json.getString();
                    }
                } else {
                    json.skipChildren();
                }
            }
            JsonToken after = json.nextToken();
            if (after != null && after != JsonToken.END_DOCUMENT) {
                return Reading.refused("its value has more after the JSON object", fix);
            }
        } catch (IOException | RuntimeException e) {
            return Reading.refused("its value is not valid JSON", fix);
        }
        if (password == null || password.isEmpty()) {
            return Reading.refused("its JSON has no \"password\"", fix);
        }
        if (user == null || user.isBlank()) {
            return Reading.refused("its JSON has no \"username\"", fix);
        }
        return Reading.ok(new Credentials(user, password, entry.secretName, version(entry)));
    }

    /**
     * Settings of one credentials view. Setters validate at once ({@link IllegalArgumentException} naming the key, e.g.
     * {@code keyvault.credentials-provider.orders-db.format}, and the accepted form) and refuse a second call
     * ({@link IllegalStateException}); {@link #build} checks what is missing or clashes. Not thread-safe; reusable.
     */
    public static final class Builder {

        private final String name;
        private final String keyPrefix;
        private String secret;
        private Format format;
        private String username;
        private String usernameTag;

        Builder(String root, String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw SettingText.invalid(root + "<name>", String.valueOf(name), "1 to 64 of A-Z, a-z, 0-9, _ and -");
            }
            this.name = name;
            this.keyPrefix = root + name + ".";
        }

        /** The full key of a setting as users write it, for messages. */
        String key(String suffix) {
            return keyPrefix + suffix;
        }

        private void requireUnset(Object current, String suffix) {
            if (current != null) {
                throw new IllegalStateException(key(suffix) + " was already set to " + current);
            }
        }

        /**
         * {@code keyvault.credentials-provider.<name>.secret} (required): the secret holding the credentials, named as
         * the source serves it: the secret name ({@code db-password}) or its property name ({@code db.password});
         * without {@code keyvault.secret-prefix}, which the source strips.
         */
        public Builder secret(String secret) {
            requireNonNull(secret, () -> key("secret"));
            requireUnset(this.secret, "secret");
            String s = secret.trim();
            if (!NameMapping.isValidSecretName(NameMapping.secretName(s))) {
                throw SettingText.invalid(key("secret"), secret, "a secret name of 1 to 127 characters, e.g. db-password");
            }
            this.secret = s;
            return this;
        }

        /** {@code keyvault.credentials-provider.<name>.format}, default {@code password}: see {@link Format}. */
        public Builder format(Format format) {
            requireNonNull(format, () -> key("format"));
            requireUnset(this.format, "format");
            this.format = format;
            return this;
        }

        /**
         * {@code keyvault.credentials-provider.<name>.username}: the login of the {@code password} format (required
         * there, refused with the others, whose secret names the login).
         */
        public Builder username(String username) {
            requireNonNull(username, () -> key("username"));
            requireUnset(this.username, "username");
            if (username.isBlank()) {
                throw SettingText.invalid(key("username"), username, "the database login, e.g. app");
            }
            this.username = username;
            return this;
        }

        /**
         * {@code keyvault.credentials-provider.<name>.username-tag}, default {@value CredentialsView#DEFAULT_USERNAME_TAG}:
         * the tag naming the login in the {@code tagged} format (refused with the others).
         */
        public Builder usernameTag(String tag) {
            requireNonNull(tag, () -> key("username-tag"));
            requireUnset(this.usernameTag, "username-tag");
            if (!KeyVaultOptions.TAG_NAME.matcher(tag).matches()) {
                throw SettingText.invalid(key("username-tag"), tag, "a tag name of 1 to 512 characters without "
                        + "spaces or '=', e.g. CredentialId");
            }
            this.usernameTag = tag;
            return this;
        }

        /**
         * Reads the secret from the source's current snapshot (no I/O) and follows the source from then on. The builder
         * is left unchanged.
         *
         * @throws IllegalStateException if {@code secret} is missing, {@code username} is missing for the
         *     {@code password} format or set for another, {@code username-tag} is set outside {@code tagged}, or the
         *     secret cannot be read as credentials now (absent, empty, no tag, not JSON: the message names the secret
         *     and its version and says what to write, never a value)
         */
        public CredentialsView build(KeyVaultConfigSource source) {
            requireNonNull(source, "source");
            check();
            CredentialsView view = new CredentialsView(this, source);
            view.start();
            return view;
        }

        /** The rules across settings of {@link #build}, without a source: {@link KeyVaultOptions} checks them on read. */
        void check() {
            if (secret == null) {
                throw new IllegalStateException(key("secret") + " is required: the secret holding the credentials, "
                        + "e.g. db-password");
            }
            Format f = format == null ? DEFAULT_FORMAT : format;
            if (f == Format.PASSWORD && username == null) {
                throw new IllegalStateException(key("username") + " is required with " + key("format") + "="
                        + f.configName() + ": the secret holds only the password");
            }
            if (f != Format.PASSWORD && username != null) {
                throw new IllegalStateException(key("username") + " is set but " + key("format") + "="
                        + f.configName() + " reads the username from the secret; remove one of them");
            }
            if (f != Format.TAGGED && usernameTag != null) {
                throw new IllegalStateException(key("username-tag") + " is set but only " + key("format")
                        + "=tagged reads a tag; remove it or use the tagged format");
            }
        }
    }
}
