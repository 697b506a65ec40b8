package dev.kvconfig.emulator.identity;

import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.kvconfig.emulator.EmulatorClients;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CredentialsTest}: MSAL4J reads {@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER} from the
 * real process environment (azure-identity 1.18.4 does not pass its {@code Configuration} on to MSAL), so the only
 * faithful test sets them on a process. Args: vault URL, trust store, password, type, secret name. Prints the value.
 */
public final class ManagedIdentityProbe {
    private ManagedIdentityProbe() {
    }

    public static void main(String[] args) {
        var httpClient = EmulatorClients.httpClient(Path.of(args[1]), args[2], args[3]);
        ManagedIdentityCredential credential = new ManagedIdentityCredentialBuilder().httpClient(httpClient).build();
        String value = new SecretClientBuilder().vaultUrl(args[0]).credential(credential).httpClient(httpClient)
                .buildClient().getSecret(args[4]).getValue();
        System.out.println("SECRET=" + value);
        System.exit(0);
    }
}
