package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.certificates.models.CertificateProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code certificates list VAULT}: names, thumbprints and validity of a vault's certificates. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List certificate names, thumbprints and expiry.")
final class CertificatesListCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;


    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        List<Object> json = new ArrayList<>();
        try {
            for (CertificateProperties p : connection.certificates(found.properties().vaultUri())
                    .listPropertiesOfCertificates()) {
                Map<String, Object> item = CertificatesCommand.properties(p);
                item.remove("version"); // listing returns no version
                json.add(item);
                output.line(p.getName() + "  " + (Boolean.TRUE.equals(p.isEnabled()) ? "enabled" : "disabled")
                        + "  expires " + p.getExpiresOn() + "  thumbprint " + item.get("thumbprint"));
            }
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, found.name(), "list certificates", CertificatesCommand.PERMISSIONS,
                    "--certificates get,list,import");
        }
        if (json.isEmpty()) {
            output.line("No certificates in " + found.name() + ".");
        }
        output.json(Map.of("certificates", json));
        return Failures.OK;
    }
}
