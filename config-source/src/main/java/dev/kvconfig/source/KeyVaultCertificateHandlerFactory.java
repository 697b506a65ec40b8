package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;
import java.util.List;
import java.util.Objects;

/**
 * SmallRye entry point for certificate references, registered in
 * {@code META-INF/services/io.smallrye.config.SecretKeysHandlerFactory}: the handler named {@value #NAME} resolves
 * {@code ${keyvault-cert::[alias:]name[/version][#part]}}, e.g. {@code tls.cert=${keyvault-cert::web-tls}} or
 * {@code tls.expires=${keyvault-cert::web-tls#expires-on}}. Parts:
 *
 * <ul>
 *   <li>{@code #pem} (default): the certificate, {@code -----BEGIN CERTIFICATE-----};</li>
 *   <li>{@code #chain}: every certificate the backing secret holds, leaf first, as PEM;</li>
 *   <li>{@code #subject}, {@code #issuer}: RFC 2253 names ({@code CN=web.example.com});</li>
 *   <li>{@code #thumbprint} (SHA-1, as Key Vault's {@code x5t} and the portal), {@code #thumbprint-sha256}: upper-case
 *       hex;</li>
 *   <li>{@code #not-before}, {@code #expires-on}: ISO-8601 instants ({@code 2027-01-31T12:00:00Z});</li>
 *   <li>{@code #serial-number} (upper-case hex), {@code #version} (the Key Vault version served);</li>
 *   <li>{@code #private-key}: the private key as PEM (PKCS#8 from a PKCS#12 secret, as stored from a PEM one). Only
 *       this part and {@code #chain} read the backing secret, so only they need {@code get} on secrets.</li>
 * </ul>
 *
 * <p>Vaults, fetching at startup, holding, refresh and closing are those of {@link KeyVaultSecretKeysHandlerFactory}: a
 * latest version is refreshed in the background on a read after {@code keyvault.refresh.interval}, a pinned version is fetched once. A missing certificate, a
 * certificate without the requested part (no issued content, no exportable key), an unknown part or alias, and a
 * missing permission each fail with a message naming the reference and the reason, never the content.
 */
public final class KeyVaultCertificateHandlerFactory implements SecretKeysHandlerFactory {

    /** The handler name used in expressions: {@code ${keyvault-cert::…}}. */
    public static final String NAME = "keyvault-cert";

    private final String root;

    /** The factory ServiceLoader creates: the vaults are those of the {@code keyvault.*} settings. */
    public KeyVaultCertificateHandlerFactory() {
        this.root = KeyVaultOptions.DEFAULT_KEY_ROOT;
    }

    /**
     * For an adapter whose users write the settings under their own root, e.g. {@code quarkus.keyvault.}: the vaults are
     * read there, and messages name the keys there.
     *
     * @throws IllegalArgumentException if {@code root} is blank or does not end with {@code .}
     */
    public KeyVaultCertificateHandlerFactory(String root) {
        this.root = SettingsReader.requireRoot(root);
    }

    /**
     * Creates the handler and fetches the certificate references the context's configuration holds (its raw values, read without
     * expanding them), within {@code startup-timeout}; with none, it reads no setting and sends no request until a
     * reference is resolved. The vaults are read under this factory's root.
     */
    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        return new CertificateReferenceHandler(KeyVaultConfigSourceFactory.lookup(context), root,
                ReferenceScan.rawValues(context));
    }

    /**
     * The handler over an adapter's own configuration, read under this factory's root on the first reference. A lookup
     * lists no raw values, so each reference is fetched on its first read (on the reading thread, once) and held and
     * refreshed from then on. It is {@link AutoCloseable}: the adapter closes it to release its connection pools.
     */
    public SecretKeysHandler getSecretKeysHandler(SettingsLookup lookup) {
        return new CertificateReferenceHandler(Objects.requireNonNull(lookup, "lookup"), root, List.of());
    }

    /**
     * The handler over an adapter's own configuration, read under this factory's root on first need, that fetches now
     * the references of its kind written in the core's form ({@code ${keyvault-cert::…}}) among {@code rawValues}: the
     * configuration's values before placeholders are resolved, e.g. every value of Spring's enumerable property sources.
     * Fetched within {@code startup-timeout}; a reference that fails then is fetched again, and reported, on its first
     * read. Only the references are taken from these values; nothing else of them is kept or logged.
     *
     * @throws NullPointerException if an argument is null
     */
    public SecretKeysHandler getSecretKeysHandler(SettingsLookup lookup, Iterable<String> rawValues) {
        return new CertificateReferenceHandler(Objects.requireNonNull(lookup, "lookup"), root,
                Objects.requireNonNull(rawValues, "rawValues"));
    }

    @Override
    public String getName() {
        return NAME;
    }
}
