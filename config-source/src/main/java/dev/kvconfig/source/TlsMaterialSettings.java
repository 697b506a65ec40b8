package dev.kvconfig.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code <root>tls-material.<name>.*} group of the settings: the vault certificate a TLS endpoint presents (its key
 * and chain), the certificates it trusts, and the vault serving them. Each framework turns a group into its own TLS
 * configuration of the same name (a Spring SSL bundle, a Quarkus TLS registry configuration, a Micronaut certificate
 * provider), kept current by {@link TlsMaterial}. Read with the vault's other settings ({@link KeyVaultOptions#tlsMaterials()}),
 * validated there, so an adapter builds the material with {@link #build(List)} and reads no key itself.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the settings (names only, no key material).
 */
public final class TlsMaterialSettings {

    /** Key Vault's certificate names: 1 to 127 letters, digits and dashes. */
    private static final Pattern CERTIFICATE_NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
    /** A group's name: what frameworks name their TLS configuration (bundle, registry name). */
    private static final Pattern GROUP_NAME = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final String name;
    private final String keyPrefix;
    private final Optional<String> certificate;
    private final List<String> trust;
    private final String vault;

    private TlsMaterialSettings(Builder b, String vault) {
        this.name = b.name;
        this.keyPrefix = b.keyPrefix;
        this.certificate = Optional.ofNullable(b.certificate);
        this.trust = List.copyOf(b.trust);
        this.vault = vault;
    }

    /** The name in {@code tls-material.<name>}, as written: the name of the framework's TLS configuration. */
    public String name() {
        return name;
    }

    /** The keys of this group as written, e.g. {@code keyvault.tls-material.web.}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The vault certificate presented as this endpoint's identity ({@code certificate}); empty for trust only. */
    public Optional<String> certificate() {
        return certificate;
    }

    /** The vault certificates trusted as anchors ({@code trust}), in the order written; empty for identity only. */
    public List<String> trust() {
        return trust;
    }

    /** The alias of the vault serving the certificates as {@link KeyVaultConfigSource#alias()} names it. */
    public String vault() {
        return vault;
    }

    /**
     * Reads the certificates from the source of {@link #vault()} among {@code sources}, on the calling thread, and
     * follows that source's refresh; see {@link TlsMaterial.Builder#build()}.
     *
     * @throws IllegalStateException naming this group's keys if no source serves the vault, or if a certificate cannot
     *     be read or cannot serve TLS (a key that is not exportable, expired, no issued content)
     */
    public TlsMaterial build(List<KeyVaultConfigSource> sources) {
        KeyVaultConfigSource s = CredentialsSettings.sourceOf(sources, vault, "TLS material " + name + " ("
                + keyPrefix + "vault=" + vault + ")");
        TlsMaterial.Builder b = TlsMaterial.builder(s).name(name);
        certificate.ifPresent(b::certificate);
        if (!trust.isEmpty()) {
            b.trust(trust.toArray(String[]::new));
        }
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(keyPrefix + "*: " + e.getMessage(), e);
        }
    }

    /** {@code TlsMaterialSettings[name=web, certificate=web-tls, trust=[client-ca], vault=default]}. */
    @Override
    public String toString() {
        return "TlsMaterialSettings[name=" + name + certificate.map(c -> ", certificate=" + c).orElse("")
                + (trust.isEmpty() ? "" : ", trust=" + trust) + ", vault=" + vault + "]";
    }

    /** Collects one group's keys, each setter validating its text, for {@link KeyVaultOptions.Builder}. */
    static final class Builder {
        private final String name;
        private final String keyPrefix;
        private String certificate;
        private final Set<String> trust = new LinkedHashSet<>();
        private boolean trustSet;
        private String vault;

        /** @param root the group's parent as written, e.g. {@code keyvault.tls-material.} */
        Builder(String root, String name) {
            if (name == null || !GROUP_NAME.matcher(name).matches()) {
                throw SettingText.invalid(root + "<name>", String.valueOf(name), "1 to 64 of A-Z, a-z, 0-9, _ and -");
            }
            this.name = name;
            this.keyPrefix = root + name + ".";
        }

        Builder certificate(String text) {
            requireOnce(certificate, "certificate");
            certificate = certificateName(keyPrefix + "certificate", text);
            return this;
        }

        Builder trust(List<String> names) {
            requireOnce(trustSet ? trust : null, "trust");
            trustSet = true;
            List<String> checked = new ArrayList<>();
            for (String n : names) {
                if (!n.isBlank()) {
                    checked.add(certificateName(keyPrefix + "trust", n));
                }
            }
            if (checked.isEmpty()) {
                throw SettingText.invalid(keyPrefix + "trust", String.join(",", names), "one or more certificate names, "
                        + "comma-separated, or leave it unset");
            }
            trust.addAll(checked);
            return this;
        }

        Builder vault(String alias) {
            requireOnce(vault, "vault");
            if (alias.isBlank()) {
                throw SettingText.invalid(keyPrefix + "vault", alias, "a vault alias, or leave it unset for the vault "
                        + "whose keys these are");
            }
            vault = alias.trim();
            return this;
        }

        /** The vault alias named, empty for the vault whose keys these are. */
        Optional<String> vault() {
            return Optional.ofNullable(vault);
        }

        private void requireOnce(Object earlier, String key) {
            if (earlier != null) {
                throw new IllegalStateException(keyPrefix + key + " was already set to " + earlier);
            }
        }

        private static String certificateName(String key, String text) {
            String t = text.trim();
            if (!CERTIFICATE_NAME.matcher(t).matches()) {
                throw SettingText.invalid(key, text, "a Key Vault certificate name (1 to 127 letters, digits and "
                        + "dashes), as the certificate is named in the vault");
            }
            return t;
        }

        /**
         * Checks the group as a whole (a certificate, trust anchors or both) and builds it.
         *
         * @param declaringVault the vault these keys are under, the default of {@code vault}
         */
        TlsMaterialSettings build(String declaringVault) {
            if (certificate == null && trust.isEmpty()) {
                throw new IllegalStateException(keyPrefix + "certificate and " + keyPrefix + "trust are both unset; set "
                        + "certificate (the certificate this endpoint presents), trust (the certificates it trusts), or "
                        + "both");
            }
            return new TlsMaterialSettings(this, vault == null ? declaringVault : vault);
        }
    }
}
