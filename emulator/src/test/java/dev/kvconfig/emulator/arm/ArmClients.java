package dev.kvconfig.emulator.arm;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/** The management SDKs pointed at an emulator's armEndpoint, as EMULATOR-ARM.md tells the bootstrap CLI to do. */
final class ArmClients {
    private ArmClients() {
    }

    static AzureProfile profile(KeyVaultEmulator emulator) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", emulator.armEndpoint().toString());
        endpoints.put("managementEndpointUrl", emulator.armEndpoint().toString());
        endpoints.put("activeDirectoryEndpointUrl", emulator.authorityHost().toString());
        endpoints.put("keyVaultDnsSuffix", ".vault.azure.net");
        return new AzureProfile(emulator.tenantId(), emulator.subscriptionId(), new AzureEnvironment(endpoints));
    }

    static KeyVaultManager keyVault(KeyVaultEmulator emulator) {
        return KeyVaultManager.configure().withHttpClient(EmulatorClients.httpClient(emulator))
                .authenticate(emulator.credential(), profile(emulator));
    }

    static ResourceManager resources(KeyVaultEmulator emulator) {
        return ResourceManager.configure().withHttpClient(EmulatorClients.httpClient(emulator))
                .authenticate(emulator.credential(), profile(emulator)).withSubscription(emulator.subscriptionId());
    }

    static AuthorizationManager authorization(KeyVaultEmulator emulator) {
        return AuthorizationManager.configure().withHttpClient(EmulatorClients.httpClient(emulator))
                .authenticate(emulator.credential(), profile(emulator));
    }

    /** A credential handing out emulator tokens for the principal {@code objectId}. */
    static TokenCredential principal(KeyVaultEmulator emulator, String objectId) {
        return request -> Mono.fromCallable(() -> new AccessToken(emulator.issueToken(objectId),
                OffsetDateTime.now().plusMinutes(30)));
    }

    static SecretClient secrets(KeyVaultEmulator emulator, String vaultUri, TokenCredential credential) {
        return new SecretClientBuilder().vaultUrl(vaultUri).credential(credential)
                .httpClient(EmulatorClients.httpClient(emulator)).retryOptions(EmulatorClients.quickRetries(2))
                .disableChallengeResourceVerification().buildClient();
    }
}
