package dev.kvconfig.bootstrap;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManagerFactory;

/**
 * One CLI run's access to Azure (or the emulator): credential, profile, the Resource Manager clients and Key Vault
 * data-plane clients, plus a count of the requests they sent. Built per command run; not shared.
 */
final class Connection {
    /** Client id the CLI presents to the emulator's token endpoint (any id is accepted there; override by env). */
    static final String EMULATOR_CLIENT_ID_ENV = "KVCONFIG_EMULATOR_CLIENT_ID";
    static final String DEFAULT_EMULATOR_CLIENT_ID = "kvconfig-bootstrap";
    private static final String ARM_SCOPE_SUFFIX = "/.default";

    private final boolean emulator;
    private final String subscriptionId;
    private final String explicitTenantId;
    private final TokenCredential credential;
    private final AzureProfile profile;
    private final HttpClient httpClient;
    private final AtomicLong armRequests = new AtomicLong();
    private final AtomicLong vaultRequests = new AtomicLong();
    private KeyVaultManager keyVault;
    private ResourceManager resources;
    private AuthorizationManager authorization;
    private Map<String, Object> callerClaims;

    private Connection(boolean emulator, String subscriptionId, String tenantId, TokenCredential credential,
                       AzureEnvironment environment, HttpClient httpClient) {
        this.emulator = emulator;
        this.subscriptionId = subscriptionId;
        this.explicitTenantId = tenantId;
        this.credential = credential;
        this.httpClient = httpClient;
        this.profile = new AzureProfile(tenantId, subscriptionId, environment);
    }

    /**
     * Connects as the global options say: the emulator of {@code --emulator-info} (subscription: {@code --subscription},
     * else the emulator's; the spec's is ignored), or real Azure with {@code DefaultAzureCredential} and
     * {@code --subscription} (else the spec's, else {@code AZURE_SUBSCRIPTION_ID}).
     */
    static Connection open(GlobalOptions options, String specSubscription) {
        if (options.emulatorInfo() != null) {
            EmulatorInfo info = EmulatorInfo.read(options.emulatorInfo());
            HttpClient http = trustingHttpClient(info);
            // The spec's subscription names a real Azure one; against the emulator only --subscription overrides its own.
            String subscription = firstNonNull(options.subscription(), info.subscriptionId());
            String tenant = firstNonNull(options.tenant(), info.tenantId());
            String clientId = firstNonNull(System.getenv(EMULATOR_CLIENT_ID_ENV), DEFAULT_EMULATOR_CLIENT_ID);
            TokenCredential credential = new EmulatorCredential(new ClientSecretCredentialBuilder()
                    .authorityHost(info.authorityHost())
                    .tenantId(tenant)
                    .clientId(clientId)
                    .clientSecret("kvconfig-emulator") // the emulator's lax registry takes any secret for unknown clients
                    .disableInstanceDiscovery()
                    .httpClient(http)
                    .build(), info.authorityHost(), clientId, tenant);
            Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
            endpoints.put("resourceManagerEndpointUrl", info.armEndpoint() + "/");
            endpoints.put("managementEndpointUrl", info.armEndpoint() + "/");
            endpoints.put("activeDirectoryEndpointUrl", info.authorityHost());
            endpoints.put("keyVaultDnsSuffix", ".vault.azure.net");
            return new Connection(true, subscription, tenant, credential, new AzureEnvironment(endpoints), http);
        }
        String subscription = firstNonNull(options.subscription(), specSubscription,
                System.getenv("AZURE_SUBSCRIPTION_ID"));
        if (subscription == null) {
            throw new InvalidInputException("no subscription given",
                    "pass --subscription <id>, set subscription: in the spec or AZURE_SUBSCRIPTION_ID "
                            + "(`az account show --query id -o tsv`); for the emulator pass --emulator-info");
        }
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        if (options.tenant() != null) {
            builder.tenantId(options.tenant());
        }
        return new Connection(false, subscription, options.tenant(), builder.build(), AzureEnvironment.AZURE,
                HttpClient.createDefault());
    }

    boolean emulator() {
        return emulator;
    }

    String subscriptionId() {
        return subscriptionId;
    }

    /** The tenant: {@code --tenant}, the emulator's, or the {@code tid} of the caller's Resource Manager token. */
    String tenantId() {
        if (explicitTenantId != null) {
            return explicitTenantId;
        }
        Object tid = callerClaims().get("tid");
        if (tid == null) {
            throw new InvalidInputException("cannot tell the tenant of your identity", "pass --tenant <tenant-id>");
        }
        return tid.toString();
    }

    /** The caller's object id ({@code oid} of its Resource Manager token), for messages; "unknown" when absent. */
    String callerObjectId() {
        Object oid = callerClaims().get("oid");
        return oid == null ? "unknown" : oid.toString();
    }

    synchronized KeyVaultManager keyVault() {
        if (keyVault == null) {
            keyVault = KeyVaultManager.configure().withHttpClient(httpClient).withPolicy(counter(armRequests))
                    .authenticate(credential, profile);
        }
        return keyVault;
    }

    synchronized ResourceManager resources() {
        if (resources == null) {
            resources = ResourceManager.configure().withHttpClient(httpClient).withPolicy(counter(armRequests))
                    .authenticate(credential, profile).withSubscription(subscriptionId);
        }
        return resources;
    }

    synchronized AuthorizationManager authorization() {
        if (authorization == null) {
            authorization = AuthorizationManager.configure().withHttpClient(httpClient)
                    .withPolicy(counter(armRequests)).authenticate(credential, profile);
        }
        return authorization;
    }

    /**
     * A data-plane client for {@code vaultUri}. Against the emulator (https://localhost:P/) the SDK's check that the
     * challenge resource matches the vault host cannot hold, so it is turned off there, and only there.
     */
    SecretClient secrets(String vaultUri) {
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(vaultUri).credential(credential)
                .httpClient(httpClient).addPolicy(counter(vaultRequests));
        if (emulator) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }

    /** A key client for {@code vaultUri}, built as {@link #secrets(String)} is. */
    KeyClient keys(String vaultUri) {
        KeyClientBuilder builder = new KeyClientBuilder().vaultUrl(vaultUri).credential(credential)
                .httpClient(httpClient).addPolicy(counter(vaultRequests));
        if (emulator) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }

    /** A certificate client for {@code vaultUri}, built as {@link #secrets(String)} is. */
    CertificateClient certificates(String vaultUri) {
        CertificateClientBuilder builder = new CertificateClientBuilder().vaultUrl(vaultUri).credential(credential)
                .httpClient(httpClient).addPolicy(counter(vaultRequests));
        if (emulator) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }

    long armRequests() {
        return armRequests.get();
    }

    long vaultRequests() {
        return vaultRequests.get();
    }

    private synchronized Map<String, Object> callerClaims() {
        if (callerClaims == null) {
            String scope = profile.getEnvironment().getManagementEndpoint().replaceAll("/+$", "") + ARM_SCOPE_SUFFIX;
            String token = credential.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
            callerClaims = claims(token);
        }
        return callerClaims;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Map.of();
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        try (JsonReader reader = JsonProviders.createReader(payload)) {
            reader.nextToken();
            Object value = reader.readUntyped();
            return value instanceof Map ? (Map<String, Object>) value : Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static HttpClient trustingHttpClient(EmulatorInfo info) {
        try (InputStream in = Files.newInputStream(info.trustStore())) {
            KeyStore trust = KeyStore.getInstance(info.trustStoreType());
            trust.load(in, info.trustStorePassword().toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SslContext ssl = SslContextBuilder.forClient().trustManager(factory).build();
            return new NettyAsyncHttpClientBuilder(
                    reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build();
        } catch (Exception e) {
            throw new InvalidInputException("--emulator-info: cannot load the emulator trust store " + info.trustStore()
                    + " (" + e.getClass().getSimpleName() + ")", "restart the emulator and pass its new info file");
        }
    }

    private static HttpPipelinePolicy counter(AtomicLong count) {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                count.incrementAndGet();
                return next.process();
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                count.incrementAndGet();
                return next.processSync();
            }
        };
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
