package dev.kvconfig.source;

import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import io.smallrye.config.SecretKeysHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The {@code keyvault-cert} secret-keys handler: resolves {@code [alias:]name[/version][#part]} to a certificate's PEM or
 * one of its metadata fields through {@link ItemVaults}: the references found in the configuration when the handler is
 * created are fetched then and refreshed in the background. {@code #chain} and {@code #private-key} read the backing
 * secret, nothing else does (its first read fetches it, on the reading thread unless fetched at startup). Thread-safe.
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

    /**
     * Reads the vaults under {@code root} in {@code lookup} on first need, and fetches the certificate references among
     * {@code rawValues} now (and their backing secrets where a part needs it).
     */
    CertificateReferenceHandler(SettingsLookup lookup, String root, Iterable<String> rawValues) {
        this.vaults = new ItemVaults(lookup, root);
        List<ItemReference> found = ReferenceScan.references(rawValues, KeyVaultCertificateHandlerFactory.NAME, PARTS);
        ReferenceScan.prefetch(found, this::bundles);
        prefetchBacking(found);
    }

    @Override
    public String getName() {
        return KeyVaultCertificateHandlerFactory.NAME;
    }

    /** Releases the vaults' connection pools; a closed handler resolves nothing. Idempotent. */
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
        ItemVaults.Items<CertificateParts.Bundle> items = bundles(ref);
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

    /** The certificate store of the vault this reference names, created on its first reference. */
    private ItemVaults.Items<CertificateParts.Bundle> bundles(ItemReference ref) {
        ItemVaults.Vault vault = vaults.vault(ref);
        return bundles.computeIfAbsent(KeyVaultOptions.aliasKey(ref.alias()), alias -> vaults.items(vault,
                "certificate", (name, version) -> fetchBundle(vault, name, version)));
    }

    /** The backing-secret store of the vault this reference names, created on its first need. */
    private ItemVaults.Items<CertificateParts.Backing> backings(ItemReference ref) {
        ItemVaults.Vault vault = vaults.vault(ref);
        // Shared by every certificate of this vault: nothing of one reference or bundle goes into the loader.
        return backings.computeIfAbsent(KeyVaultOptions.aliasKey(ref.alias()), alias -> vaults.items(vault,
                "certificate backing secret", (name, version) -> vault.access().getSecret(name, version)
                        .map(s -> CertificateParts.backing(s.getValue(), s.getProperties().getContentType(),
                                "the backing secret '" + s.getName() + "' in " + vault.where()))));
    }

    /**
     * After the startup fetch of the certificates: fetches the backing secrets that {@code #chain} and
     * {@code #private-key} references found at startup need, so their first read does not wait either.
     */
    private void prefetchBacking(List<ItemReference> refs) {
        Map<String, List<ItemVaults.Id>> byAlias = new LinkedHashMap<>();
        Map<String, ItemReference> anyRef = new LinkedHashMap<>();
        for (ItemReference ref : refs) {
            if (!ref.part().equals(CHAIN) && !ref.part().equals(PRIVATE_KEY)) {
                continue;
            }
            try {
                CertificateParts.Bundle bundle = bundles(ref).get(ref.name(), ref.version());
                if (bundle.secretName() != null) {
                    String alias = KeyVaultOptions.aliasKey(ref.alias());
                    byAlias.computeIfAbsent(alias, a -> new ArrayList<>())
                            .add(new ItemVaults.Id(bundle.secretName(), backingVersion(ref, bundle)));
                    anyRef.putIfAbsent(alias, ref);
                }
            } catch (RuntimeException e) {
                // Reading the reference reports it with its reason.
            }
        }
        byAlias.forEach((alias, ids) -> backings(anyRef.get(alias)).prefetch(ids));
    }

    /**
     * The backing secret version to read: the latest for a latest certificate reference (Key Vault creates the
     * certificate's and its secret's versions together), so it is held and refreshed in the background like the
     * certificate and a rotation never makes a reader wait for the new backing secret; the certificate's own for a
     * pinned reference.
     */
    private static String backingVersion(ItemReference ref, CertificateParts.Bundle bundle) {
        return ref.version() == null ? null : bundle.secretVersion();
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
        ItemVaults.Items<CertificateParts.Backing> items = backings(ref);
        CertificateParts.Backing backing;
        try {
            backing = items.get(bundle.secretName(), backingVersion(ref, bundle));
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
