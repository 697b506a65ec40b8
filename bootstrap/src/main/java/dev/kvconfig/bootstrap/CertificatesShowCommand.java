package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code certificates show VAULT NAME}: one certificate's metadata (subject, issuer, thumbprint, validity, ids). */
@Command(name = "show", description = "Show a certificate's metadata (never its key).")
final class CertificatesShowCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", description = "A version (default: the latest).")
    String version;

    // Not mixinStandardHelpOptions: its -V/--version (the tool's version) would clash with --version VERSION above.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;


    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        CertificateClient client = connection.certificates(found.properties().vaultUri());
        KeyVaultCertificate certificate;
        try {
            certificate = version == null ? client.getCertificate(name) : client.getCertificateVersion(name, version);
        } catch (ResourceNotFoundException e) {
            throw new BootstrapException("no certificate named " + name + (version == null ? "" : " with version "
                    + version) + " in vault " + found.name(), "check the name with `certificates list " + found.name()
                    + "`", e);
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, found.name(), "get certificates", CertificatesCommand.PERMISSIONS,
                    "--certificates get,list,import");
        }
        Map<String, Object> json = CertificatesCommand.json(certificate);
        output.json(json);
        json.forEach((k, v) -> output.line(k + ": " + v));
        return Failures.OK;
    }
}
