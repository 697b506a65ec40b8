package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;
import java.util.List;
import java.util.Objects;

/**
 * SmallRye entry point for key references, registered in
 * {@code META-INF/services/io.smallrye.config.SecretKeysHandlerFactory}: the handler named {@value #NAME} resolves
 * {@code ${keyvault-key::[alias:]name[/version][#pem|#jwk]}} to the public part of an RSA or EC key, e.g.
 * {@code mp.jwt.verify.publickey=${keyvault-key::jwt-signing}}.
 *
 * <ul>
 *   <li>{@code #pem} (default): X.509 SubjectPublicKeyInfo, {@code -----BEGIN PUBLIC KEY-----};</li>
 *   <li>{@code #jwk}: a JSON Web Key with only public members ({@code kty}, {@code kid}, {@code n}/{@code e} or
 *       {@code crv}/{@code x}/{@code y}).</li>
 * </ul>
 *
 * <p>Vaults, fetching at startup, holding, refresh and closing are those of {@link KeyVaultSecretKeysHandlerFactory}: a
 * latest version is refreshed in the background on a read after {@code keyvault.refresh.interval} (a rotated key shows up then), a pinned version is fetched once.
 * A symmetric (oct) key, a missing key, an unknown part or alias, and a missing {@code get} permission each fail with a
 * message naming the reference and the reason.
 */
public final class KeyVaultKeyHandlerFactory implements SecretKeysHandlerFactory {

    /** The handler name used in expressions: {@code ${keyvault-key::…}}. */
    public static final String NAME = "keyvault-key";

    private final String root;

    /** The factory ServiceLoader creates: the vaults are those of the {@code keyvault.*} settings. */
    public KeyVaultKeyHandlerFactory() {
        this.root = KeyVaultOptions.DEFAULT_KEY_ROOT;
    }

    /**
     * For an adapter whose users write the settings under their own root, e.g. {@code quarkus.keyvault.}: the vaults are
     * read there, and messages name the keys there.
     *
     * @throws IllegalArgumentException if {@code root} is blank or does not end with {@code .}
     */
    public KeyVaultKeyHandlerFactory(String root) {
        this.root = SettingsReader.requireRoot(root);
    }

    /**
     * Creates the handler and fetches the key references the context's configuration holds (its raw values, read without
     * expanding them), within {@code startup-timeout}; with none, it reads no setting and sends no request until a
     * reference is resolved. The vaults are read under this factory's root.
     */
    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        return new KeyReferenceHandler(KeyVaultConfigSourceFactory.lookup(context), root,
                ReferenceScan.rawValues(context));
    }

    /**
     * The handler over an adapter's own configuration, read under this factory's root on the first reference. A lookup
     * lists no raw values, so each reference is fetched on its first read (on the reading thread, once) and held and
     * refreshed from then on. It is {@link AutoCloseable}: the adapter closes it to release its connection pools.
     */
    public SecretKeysHandler getSecretKeysHandler(SettingsLookup lookup) {
        return new KeyReferenceHandler(Objects.requireNonNull(lookup, "lookup"), root, List.of());
    }

    /**
     * The handler over an adapter's own configuration, read under this factory's root on first need, that fetches now
     * the references of its kind written in the core's form ({@code ${keyvault-key::…}}) among {@code rawValues}: the
     * configuration's values before placeholders are resolved, e.g. every value of Spring's enumerable property sources.
     * Fetched within {@code startup-timeout}; a reference that fails then is fetched again, and reported, on its first
     * read. Only the references are taken from these values; nothing else of them is kept or logged.
     *
     * @throws NullPointerException if an argument is null
     */
    public SecretKeysHandler getSecretKeysHandler(SettingsLookup lookup, Iterable<String> rawValues) {
        return new KeyReferenceHandler(Objects.requireNonNull(lookup, "lookup"), root,
                Objects.requireNonNull(rawValues, "rawValues"));
    }

    @Override
    public String getName() {
        return NAME;
    }
}
