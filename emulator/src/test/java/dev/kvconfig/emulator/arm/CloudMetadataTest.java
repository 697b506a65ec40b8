package dev.kvconfig.emulator.arm;

import com.azure.resourcemanager.keyvault.KeyVaultManager;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import dev.kvconfig.emulator.server.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Azure CLI asks Resource Manager before and around {@code az keyvault}: the cloud metadata that
 * {@code az cloud register --endpoint-resource-manager} reads (anonymously, with the info file's trailing {@code /}
 * doubled), and the managed HSM lists that {@code az keyvault list} and {@code list-deleted} read next to the vaults.
 */
class CloudMetadataTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").requireEmulatorTokens(true));

    private static HttpResponse<String> get(KeyVaultEmulator emulator, String url) throws Exception {
        return HttpClient.newBuilder().sslContext(emulator.sslContext()).build()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(HttpResponse<String> response) {
        return (Map<String, Object>) Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void metadataEndpoints_withoutToken_pointsLoginAtTheEmulatorAdfsAuthority(KeyVaultEmulator emulator)
            throws Exception {
        HttpResponse<String> response = get(emulator, emulator.armEndpoint()
                + "metadata/endpoints?api-version=2015-01-01");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> authentication = (Map<String, Object>) object(response).get("authentication");
        String login = (String) authentication.get("loginEndpoint");
        assertThat(login).isEqualTo(emulator.authorityHost() + "adfs");
        assertThat((List<Object>) authentication.get("audiences")).isNotEmpty();
        // the CLI logs in there: the AD FS discovery document answers
        assertThat(get(emulator, login + "/.well-known/openid-configuration").statusCode()).isEqualTo(200);
    }

    @Test
    void metadataEndpoints_doubledSlashAsTheCliSendsIt_isServed(KeyVaultEmulator emulator) throws Exception {
        // the CLI appends "/metadata/endpoints?…" to the endpoint it was given, which ends in '/'
        HttpResponse<String> response = get(emulator, emulator.armEndpoint()
                + "/metadata/endpoints?api-version=2015-01-01");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(object(response)).containsKey("authentication");
    }

    @Test
    @SuppressWarnings("unchecked")
    void metadataEndpoints_newApiVersion_listsTheCloudWithItsResourceManager(KeyVaultEmulator emulator)
            throws Exception {
        HttpResponse<String> response = get(emulator, emulator.armEndpoint()
                + "metadata/endpoints?api-version=2022-09-01");

        List<Object> clouds = (List<Object>) Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(clouds).singleElement().satisfies(cloud -> assertThat((Map<String, Object>) cloud)
                .containsEntry("resourceManager", emulator.armEndpoint().toString())
                .containsEntry("name", CloudMetadata.CLOUD_NAME)
                .containsKeys("suffixes", "graphAudience", "microsoftGraphResourceId"));
    }

    @Test
    void managedHsms_andDeletedManagedHsms_areEmptyLists(KeyVaultEmulator emulator) {
        KeyVaultManager manager = ArmClients.keyVault(emulator);

        assertThat(manager.serviceClient().getManagedHsms().list().stream()).isEmpty();
        assertThat(manager.serviceClient().getManagedHsms().listDeleted().stream()).isEmpty();
        assertThat(manager.managedHsms().listByResourceGroup(ResourceManagerApi.DEFAULT_RESOURCE_GROUP).stream())
                .isEmpty();
    }

    @Test
    void otherPaths_withoutToken_stillAnswer401(KeyVaultEmulator emulator) throws Exception {
        HttpResponse<String> response = get(emulator, emulator.armEndpoint() + "subscriptions?api-version=2022-12-01");

        assertThat(response.statusCode()).isEqualTo(401);
    }
}
