package dev.kvconfig.bootstrap;

import com.azure.security.keyvault.certificates.models.CertificateProperties;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code certificates list|show|import}: a vault's certificates; only metadata is ever shown. */
@Command(name = "certificates", mixinStandardHelpOptions = true,
        description = "List, show or import a vault's certificates (metadata only on screen).",
        subcommands = {CertificatesListCommand.class, CertificatesShowCommand.class, CertificatesImportCommand.class})
final class CertificatesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a certificates command: list, show or import");
    }

    /** The fix for a 403 on certificates. */
    static final String PERMISSIONS = "certificates: [get, list, import] (rbac: roles: [Key Vault Certificates Officer])";

    static Map<String, Object> properties(CertificateProperties p) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", p.getName());
        item.put("version", p.getVersion());
        item.put("enabled", Boolean.TRUE.equals(p.isEnabled()));
        item.put("thumbprint", p.getX509Thumbprint() == null ? null
                : HexFormat.of().withUpperCase().formatHex(p.getX509Thumbprint()));
        item.put("notBefore", KeysCommand.text(p.getNotBefore()));
        item.put("expires", KeysCommand.text(p.getExpiresOn()));
        item.put("created", KeysCommand.text(p.getCreatedOn()));
        item.put("updated", KeysCommand.text(p.getUpdatedOn()));
        item.put("tags", p.getTags() == null ? Map.of() : new TreeMap<String, Object>(p.getTags()));
        return item;
    }

    /** A certificate's metadata: names, thumbprint, validity, ids. Never the private key or its backing secret's value. */
    static Map<String, Object> json(KeyVaultCertificate certificate) {
        Map<String, Object> item = properties(certificate.getProperties());
        X509Certificate leaf = leaf(certificate.getCer());
        item.put("subject", leaf == null ? null : leaf.getSubjectX500Principal().getName());
        item.put("issuer", leaf == null ? null : leaf.getIssuerX500Principal().getName());
        item.put("serialNumber", leaf == null ? null : leaf.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));
        item.put("id", certificate.getId());
        item.put("keyId", certificate.getKeyId());
        item.put("secretId", certificate.getSecretId());
        return item;
    }

    static X509Certificate leaf(byte[] cer) {
        if (cer == null || cer.length == 0) {
            return null;
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(cer));
        } catch (CertificateException e) {
            return null;
        }
    }
}
