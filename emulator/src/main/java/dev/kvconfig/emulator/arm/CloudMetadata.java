package dev.kvconfig.emulator.arm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metadata/endpoints}, which Resource Manager serves without a token: what a tool needs to use a cloud it
 * knows only by its Resource Manager URL. {@code az cloud register --endpoint-resource-manager <armEndpoint>} reads the
 * {@code api-version=2015-01-01} form (one object); {@code 2019-05-01} and later answer a list of clouds. The login
 * endpoint is the emulator's AD FS authority ({@code <authorityHost>adfs}), which the CLI's MSAL trusts without
 * instance discovery, so {@code az login} gets its tokens from the emulator.
 */
final class CloudMetadata {
    /** The cloud's name in the list form, and a good name for {@code az cloud register -n}. */
    static final String CLOUD_NAME = "KvconfigEmulator";
    private static final String MANAGEMENT = "https://management.core.windows.net/";
    private static final String AZURE_MANAGEMENT = "https://management.azure.com/";

    private CloudMetadata() {
    }

    /**
     * @param armEndpoint   {@code https://localhost:R/}
     * @param authorityHost {@code https://localhost:T/}
     * @param apiVersion    the request's; null or before 2019-05-01 gets the single-object form
     */
    static Object endpoints(String armEndpoint, String authorityHost, String apiVersion) {
        String login = authorityHost.replaceAll("/+$", "") + "/adfs";
        if (apiVersion == null || apiVersion.compareTo("2019-05-01") < 0) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("galleryEndpoint", "https://gallery.azure.com/");
            m.put("graphEndpoint", "https://graph.windows.net/");
            m.put("portalEndpoint", "https://portal.azure.com/");
            m.put("authentication", Map.of("loginEndpoint", login, "audiences", List.of(MANAGEMENT,
                    AZURE_MANAGEMENT)));
            return m;
        }
        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("loginEndpoint", login);
        authentication.put("audiences", List.of(MANAGEMENT, AZURE_MANAGEMENT));
        authentication.put("tenant", "adfs");
        authentication.put("identityProvider", "ADFS");
        Map<String, Object> suffixes = new LinkedHashMap<>();
        suffixes.put("keyVaultDns", "vault.azure.net");
        suffixes.put("mhsmDns", "managedhsm.azure.net");
        suffixes.put("storage", "core.windows.net");
        suffixes.put("sqlServerHostname", "database.windows.net");
        suffixes.put("acrLoginServer", "azurecr.io");
        Map<String, Object> cloud = new LinkedHashMap<>();
        cloud.put("portal", "https://portal.azure.com");
        cloud.put("authentication", authentication);
        cloud.put("media", "https://rest.media.azure.net");
        cloud.put("graphAudience", "https://graph.windows.net/");
        cloud.put("graph", "https://graph.windows.net/");
        cloud.put("name", CLOUD_NAME);
        cloud.put("suffixes", suffixes);
        cloud.put("batch", "https://batch.core.windows.net/");
        cloud.put("resourceManager", armEndpoint);
        cloud.put("vmImageAliasDoc", "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/"
                + "arm-compute/quickstart-templates/aliases.json");
        cloud.put("sqlManagement", "https://management.core.windows.net:8443/");
        cloud.put("microsoftGraphResourceId", "https://graph.microsoft.com/");
        cloud.put("appInsightsResourceId", "https://api.applicationinsights.io");
        cloud.put("appInsightsTelemetryChannelResourceId", "https://dc.applicationinsights.azure.com/v2/track");
        cloud.put("attestationResourceId", "https://attest.azure.net");
        cloud.put("synapseAnalyticsResourceId", "https://dev.azuresynapse.net");
        cloud.put("logAnalyticsResourceId", "https://api.loganalytics.io");
        cloud.put("ossrDbmsResourceId", "https://ossrdbms-aad.database.windows.net");
        return List.of(cloud);
    }
}
