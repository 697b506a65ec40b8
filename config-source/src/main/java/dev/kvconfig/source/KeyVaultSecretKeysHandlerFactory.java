package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;
import java.util.List;
import java.util.Objects;

/**
 * SmallRye entry point for references, registered in {@code META-INF/services/io.smallrye.config.SecretKeysHandlerFactory}:
 * the handler named {@value #NAME} resolves {@code ${keyvault::[alias:]name[/version]}} in any config value, e.g.
 * {@code db.url=jdbc:postgresql://db/app?password=${keyvault::db-password}} or
 * {@code payments.key=${keyvault::payments:api-key/0f3c…}}.
 *
 * <p>Vaults are those of the {@code keyvault.*} settings ({@code keyvault.url} without alias,
 * {@code keyvault.vaults.<alias>.url} by alias), read from the same lower-ordinal sources as the config source. The
 * references found in the configuration when the handler is created are fetched then; a reference first read later is
 * fetched on the reading thread at that read. Either way the value is then held (never expired) and a latest version
 * is fetched again in the background on a read more than {@code keyvault.refresh.interval} after its fetch; pinned
 * versions are fetched once. Each config build gets its own handler, values and connections. The handler is
 * {@link AutoCloseable}: an adapter that owns it closes it to release the connection pools (SmallRye never closes
 * handlers; idle connections then close after 50 s, and the handler has no thread).
 */
public final class KeyVaultSecretKeysHandlerFactory implements SecretKeysHandlerFactory {

    /** The handler name used in expressions: {@code ${keyvault::…}}. */
    public static final String NAME = "keyvault";

    private final String root;

    /** The factory ServiceLoader creates: the vaults are those of the {@code keyvault.*} settings. */
    public KeyVaultSecretKeysHandlerFactory() {
        this.root = KeyVaultOptions.DEFAULT_KEY_ROOT;
    }

    /**
     * For an adapter whose users write the settings under their own root, e.g. {@code quarkus.keyvault.}: the vaults are
     * read there, and messages name the keys there.
     *
     * @throws IllegalArgumentException if {@code root} is blank or does not end with {@code .}
     */
    public KeyVaultSecretKeysHandlerFactory(String root) {
        this.root = SettingsReader.requireRoot(root);
    }

    /**
     * Creates the handler and fetches the {@code ${keyvault::…}} references the context's configuration holds (its raw values, read without
     * expanding them), within {@code startup-timeout}; with none, it reads no setting and sends no request until a
     * reference is resolved. The vaults are read under this factory's root.
     */
    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        return new ReferenceHandler(KeyVaultConfigSourceFactory.lookup(context), root,
                ReferenceScan.rawValues(context));
    }

    /**
     * The handler over an adapter's own configuration, read under this factory's root on the first reference. A lookup
     * lists no raw values, so each reference is fetched on its first read (on the reading thread, once) and held and
     * refreshed from then on. It is {@link AutoCloseable}: the adapter closes it to release its connection pools.
     */
    public SecretKeysHandler getSecretKeysHandler(SettingsLookup lookup) {
        return new ReferenceHandler(Objects.requireNonNull(lookup, "lookup"), root, List.of());
    }

    /**
     * The handler over an adapter's own configuration, read under this factory's root on first need, that fetches now
     * the references of its kind written in the core's form ({@code ${keyvault::…}}) among {@code rawValues}: the
     * configuration's values before placeholders are resolved, e.g. every value of Spring's enumerable property sources.
     * Fetched within {@code startup-timeout}; a reference that fails then is fetched again, and reported, on its first
     * read. Only the references are taken from these values; nothing else of them is kept or logged.
     *
     * @throws NullPointerException if an argument is null
     */
    public SecretKeysHandler getSecretKeysHandler(SettingsLookup lookup, Iterable<String> rawValues) {
        return new ReferenceHandler(Objects.requireNonNull(lookup, "lookup"), root,
                Objects.requireNonNull(rawValues, "rawValues"));
    }

    @Override
    public String getName() {
        return NAME;
    }
}
