package dev.kvconfig.source;

import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import io.smallrye.config.SecretKeysHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The {@code keyvault-cert} secret-keys handler: resolves {@code [alias:]name[/version][#part]} to a certificate's PEM or
 * one of its metadata fields, through one cache per vault; {@code #chain} and {@code #private-key} read the backing
 * secret, nothing else does. Settings are read on the first reference. Thread-safe.
 */
final class CertificateReferenceHandler implements SecretKeysHandler, AutoCloseable {

    static final String PEM = "pem";
    static final String CHAIN = "chain";
    static final String PRIVATE_KEY = "private-key";
    static final List<String> PARTS = List.of(PEM, CHAIN, "subject", "issuer", "thumbprint", "thumbprint-sha256",
            "not-before", "expires-on", "serial-number", "version", PRIVATE_KEY);
    static final String FORM = "${keyvault-cert::[alias:]name[/version][#part]} with part one of " + PARTS
            + ", e.g. ${keyvault-cert::web-tls} or ${keyvault-cert::web-tls#expires-on}";
    private static final String PERMISSION = "'get' on certificates (access policy), or a role with "
            + "Microsoft.KeyVault/vaults/certificates/read such as Key Vault Certificate User";
    private static final String SECRET_PERMISSION = "'get' on secrets (access policy), or a role with "
            + "Microsoft.KeyVault/vaults/secrets/getSecret/action such as Key Vault Secrets User; #chain and "
            + "#private-key read the certificate's backing secret";

    private final ItemVaults vaults;
    private final Map<String, ItemVaults.Items<CertificateParts.Bundle>> bundles = new ConcurrentHashMap<>();
    private final Map<String, ItemVaults.Items<CertificateParts.Backing>> backings = new ConcurrentHashMap<>();

    CertificateReferenceHandler(SettingsLookup lookup, String root) {
        this.vaults = new ItemVaults(lookup, root);
    }

    @Override
    public String getName() {
        return KeyVaultCertificateHandlerFactory.NAME;
    }

    /** Releases the connection pools of the vaults used so far; a closed handler resolves nothing. Idempotent. */
    @Override
    public void close() {
        vaults.close();
    }

    /**
     * Resolves one reference.
     *
     * @throws IllegalArgumentException for a malformed reference, an unknown part or alias, a certificate that does not
     *     exist or is disabled, or one without the requested part
     * @throws IllegalStateException when the vault cannot be read (including a missing permission)
     */
    @Override
    public String decode(String text) {
        ItemReference ref = ItemReference.parse(KeyVaultCertificateHandlerFactory.NAME, text, PARTS, FORM);
        ItemVaults.Vault vault = vaults.vault(ref);
        String what = "Key Vault reference " + ref.expression() + ": certificate '" + ref.name() + "' in "
                + vault.where();
        ItemVaults.Items<CertificateParts.Bundle> items = bundles.computeIfAbsent(ref.alias(),
                alias -> new ItemVaults.Items<>(vault.options(), (name, version) -> fetchBundle(vault, name, version)));
        CertificateParts.Bundle bundle;
        try {
            bundle = items.get(ref.name(), ref.version());
        } catch (CompletionException e) {
            throw ItemVaults.failure(ref, vault, "certificate '" + ref.name() + "'", PERMISSION, e);
        }
        if (ref.part().equals("version")) {
            return bundle.version();
        }
        if (bundle.leaf() == null) {
            throw new IllegalArgumentException(what + " has no issued X.509 content (version " + bundle.version()
                    + ", e.g. still pending); #" + ref.part() + " needs it. Complete or import the certificate");
        }
        switch (ref.part()) {
            case PEM:
                return bundle.pem();
            case "subject":
                return bundle.subject();
            case "issuer":
                return bundle.issuer();
            case "thumbprint":
                return bundle.thumbprint();
            case "thumbprint-sha256":
                return bundle.thumbprintSha256();
            case "not-before":
                return bundle.notBefore();
            case "expires-on":
                return bundle.expiresOn();
            case "serial-number":
                return bundle.serialNumber();
            default:
                return fromBacking(ref, vault, bundle, what);
        }
    }

    private static Mono<CertificateParts.Bundle> fetchBundle(ItemVaults.Vault vault, String name, String version) {
        Mono<? extends KeyVaultCertificate> fetch = version == null ? vault.access().certificates().getCertificate(name)
                : vault.access().certificates().getCertificateVersion(name, version);
        return fetch.map(c -> CertificateParts.bundle(c.getName(), c.getProperties().getVersion(), c.getCer(),
                c.getSecretId(), "certificate '" + c.getName() + "' in " + vault.where()));
    }

    /** {@code #chain} and {@code #private-key}: only these read the backing secret (which holds the private key). */
    private String fromBacking(ItemReference ref, ItemVaults.Vault vault, CertificateParts.Bundle bundle, String what) {
        if (bundle.secretName() == null) {
            throw new IllegalArgumentException(what + " names no backing secret; #" + ref.part() + " needs it");
        }
        String backingWhat = what + ": its backing secret '" + bundle.secretName() + "'";
        // Shared by every certificate of this vault: nothing of this reference or bundle goes into the loader.
        ItemVaults.Items<CertificateParts.Backing> items = backings.computeIfAbsent(ref.alias(),
                alias -> new ItemVaults.Items<>(vault.options(), (name, version) -> vault.access()
                        .getSecret(name, version)
                        .map(s -> CertificateParts.backing(s.getValue(), s.getProperties().getContentType(),
                                "the backing secret '" + s.getName() + "' in " + vault.where()))));
        CertificateParts.Backing backing;
        try {
            backing = items.get(bundle.secretName(), bundle.secretVersion());
        } catch (CompletionException e) {
            throw ItemVaults.failure(ref, vault, "the backing secret of certificate '" + ref.name() + "'",
                    SECRET_PERMISSION, e);
        }
        if (ref.part().equals(CHAIN)) {
            if (backing.chain().isEmpty()) {
                throw new IllegalArgumentException(backingWhat + " holds no certificate, so #chain has nothing to serve");
            }
            return String.join("", CertificateParts.leafFirst(backing.chain(), bundle.leaf()));
        }
        if (backing.privateKey() == null) {
            throw new IllegalArgumentException(backingWhat + " holds no private key (the key is not exportable), so "
                    + "#private-key has nothing to serve; create the certificate with an exportable key");
        }
        return backing.privateKey();
    }
}
