package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificateWithPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code certificates import VAULT NAME -f FILE}: imports a PEM file (certificates and the private key) or a PKCS#12
 * file (.pfx/.p12, with {@code --password}); prints the new version's metadata only.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a certificate with its private key from PEM or PKCS#12 (.pfx/.p12); prints metadata only.")
final class CertificatesImportCommand extends BootstrapCommand {
    private static final Pattern FIRST_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

    @Mixin
    ExistingVault vault;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "PEM (certificates + private key) or PKCS#12 (.pfx/.p12).")
    Path file;

    @Option(names = "--password", interactive = true, arity = "0..1", paramLabel = "PASSWORD",
            description = "Password of a PKCS#12 file or an encrypted PEM key; without a value it is prompted for.")
    char[] password;


    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        if (!name.matches("[0-9a-zA-Z-]{1,127}")) {
            throw new InvalidInputException("certificate name '" + name + "' is not valid",
                    "use 1-127 letters, digits and '-'");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("--file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                    "pass a readable PEM or PKCS#12 file");
        }
        ImportCertificateOptions options = new ImportCertificateOptions(name, content);
        String text = new String(content, StandardCharsets.US_ASCII);
        if (text.stripLeading().startsWith("-----BEGIN")) {
            // Key Vault takes PEM only with a policy saying so; its subject is the certificate's own.
            options.setPolicy(new CertificatePolicy("Unknown", subjectOf(text)).setContentType(CertificateContentType.PEM));
        }
        if (password != null && password.length > 0) {
            options.setPassword(new String(password));
            Arrays.fill(password, '\0');
        }
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        KeyVaultCertificateWithPolicy imported;
        try {
            output.progress("importing certificate " + name);
            imported = connection.certificates(found.properties().vaultUri()).importCertificate(options);
        } catch (HttpResponseException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            if (status == 400) {
                throw new BootstrapException("vault " + found.name() + " refused the certificate in " + file + ": "
                        + Failures.firstLine(e.getMessage()), "check the file holds the certificate with its private "
                        + "key, and --password for a PKCS#12 file or an encrypted key", e);
            }
            throw Failures.dataPlane(e, connection, found.name(), "import certificates", CertificatesCommand.PERMISSIONS,
                    "--certificates get,list,import");
        }
        Map<String, Object> json = new LinkedHashMap<>(CertificatesCommand.json(imported));
        output.json(json);
        output.line("imported " + name + " version " + json.get("version") + ": " + json.get("subject") + ", expires "
                + json.get("expires") + ", thumbprint " + json.get("thumbprint"));
        return Failures.OK;
    }

    private String subjectOf(String pem) {
        Matcher m = FIRST_CERTIFICATE.matcher(pem);
        if (!m.find()) {
            throw new InvalidInputException("--file: " + file + " is PEM but holds no certificate",
                    "add the certificate (and its chain) to the file, with its private key");
        }
        try {
            X509Certificate first = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)));
            return first.getSubjectX500Principal().getName();
        } catch (CertificateException e) {
            throw new InvalidInputException("--file: the first certificate in " + file + " cannot be read",
                    "pass a PEM file with valid certificates");
        }
    }
}
