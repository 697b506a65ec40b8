package dev.kvconfig.source;

import com.azure.core.credential.AccessToken;
import com.azure.core.client.traits.HttpTrait;
import com.azure.core.client.traits.TokenCredentialTrait;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.security.keyvault.certificates.CertificateAsyncClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.keys.KeyAsyncClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

/**
 * One vault's client: the SDK's {@link SecretAsyncClient} over its own Netty connection pool, with retries (azure-core,
 * and the {@link ThrottleGate} for throttling), extra TLS trust and the configured credential. Closing it releases the pool, so a
 * closed config leaves no connections behind. Thread-safe. The key and certificate clients (for
 * {@code ${keyvault-key::…}} and {@code ${keyvault-cert::…}}) share the pool, credential and retries; they are built on
 * first use.
 */
final class VaultAccess implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** Idle pooled connections are closed well before a typical load balancer would drop them silently. */
    private static final Duration MAX_IDLE = Duration.ofSeconds(50);

    private final URI vaultUrl;
    private final ConnectionProvider connections;
    private final SecretAsyncClient client;
    private final HttpClient http;
    private final TokenCredential credential;
    private final ThrottleGate throttle;
    private final KeyVaultOptions options;
    /** Built on first use, guarded by this. */
    private KeyAsyncClient keys;
    /** Built on first use, guarded by this. */
    private CertificateAsyncClient certificates;

    private VaultAccess(KeyVaultOptions options, ConnectionProvider connections, SecretAsyncClient client,
            HttpClient http, TokenCredential credential, ThrottleGate throttle) {
        this.vaultUrl = options.vaultUrl();
        this.options = options;
        this.connections = connections;
        this.client = client;
        this.http = http;
        this.credential = credential;
        this.throttle = throttle;
    }

    /**
     * Builds the client; no request is sent yet.
     *
     * @throws IllegalStateException naming the key when the trust store or credential cannot be set up
     */
    static VaultAccess open(KeyVaultOptions options) {
        ConnectionProvider connections = ConnectionProvider.builder("kvconfig-" + options.displayName())
                .maxConnections(Math.max(options.maxConcurrency() + 2, 8))
                .maxIdleTime(MAX_IDLE)
                .build();
        try {
            HttpClient http = httpClient(options, connections);
            TokenCredential credential = credential(options, http);
            ThrottleGate throttle = throttleGate(options);
            SecretClientBuilder builder = pipeline(new SecretClientBuilder(), http, credential, throttle, options)
                    .vaultUrl(options.vaultUrl().toString());
            if (options.credentialType() == KeyVaultOptions.CredentialType.EMULATOR) {
                // The only place the challenge resource check is turned off (DESIGN.md): the emulator on localhost
                // cannot satisfy requestHost.endsWith("." + resourceHost).
                builder.disableChallengeResourceVerification();
            }
            return new VaultAccess(options, connections, builder.buildAsyncClient(), http, credential, throttle);
        } catch (RuntimeException e) {
            connections.dispose();
            throw e;
        }
    }

    URI vaultUrl() {
        return vaultUrl;
    }

    /** All secret properties, page by page with each page's headers (the SDK follows nextLink as it is consumed). */
    Flux<PagedResponse<SecretProperties>> listPropertyPages() {
        return client.listPropertiesOfSecrets().byPage();
    }

    /** The back-off every request of this vault shares. */
    ThrottleGate throttle() {
        return throttle;
    }

    /** One secret; {@code version} empty or null for the latest. */
    Mono<KeyVaultSecret> getSecret(String name, String version) {
        return client.getSecret(name, version == null ? "" : version);
    }

    /** One secret with the response headers (the {@code Date} header dates the fetch). */
    Mono<com.azure.core.http.rest.Response<KeyVaultSecret>> getSecretWithResponse(String name, String version) {
        return client.getSecretWithResponse(name, version == null ? "" : version);
    }

    /**
     * The key client on the same pipeline; built on first use, no request sent. Synchronized rather than
     * double-checked: it is called once per key fetch, which does network I/O anyway.
     */
    synchronized KeyAsyncClient keys() {
        if (keys == null) {
            KeyClientBuilder b = pipeline(new KeyClientBuilder(), http, credential, throttle, options)
                    .vaultUrl(vaultUrl.toString());
            if (options.credentialType() == KeyVaultOptions.CredentialType.EMULATOR) {
                b.disableChallengeResourceVerification();
            }
            keys = b.buildAsyncClient();
        }
        return keys;
    }

    /** The certificate client on the same pipeline; built on first use, no request sent. Synchronized as {@link #keys()}. */
    synchronized CertificateAsyncClient certificates() {
        if (certificates == null) {
            CertificateClientBuilder b = pipeline(new CertificateClientBuilder(), http, credential, throttle, options)
                    .vaultUrl(vaultUrl.toString());
            if (options.credentialType() == KeyVaultOptions.CredentialType.EMULATOR) {
                b.disableChallengeResourceVerification();
            }
            certificates = b.buildAsyncClient();
        }
        return certificates;
    }

    /**
     * What the secret, key and certificate clients share: the HTTP client (one pool), the credential, the throttle gate
     * (one back-off for every request of the vault: {@code Retry-After} and fewer requests at once while it throttles),
     * azure-core's retries for everything else (I/O, 5xx without {@code Retry-After}; the refresher's own back-off only
     * spaces out whole failed cycles) and no HTTP logging (bodies carry secret values; certificate policies and headers
     * are not ours to log either).
     */
    private static <T extends HttpTrait<T> & TokenCredentialTrait<T>> T pipeline(T builder, HttpClient http,
            TokenCredential credential, ThrottleGate throttle, KeyVaultOptions options) {
        return builder.httpClient(http)
                .retryOptions(retryOptions(options))
                .addPolicy(throttle)
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
                .credential(credential);
    }

    @Override
    public void close() {
        connections.dispose();
    }

    /** azure-core's exponential retries, without throttling: the gate retries that (see {@link ThrottleGate}). */
    private static RetryOptions retryOptions(KeyVaultOptions options) {
        return new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(options.maxRetries())
                .setBaseDelay(options.retryBaseDelay())
                .setMaxDelay(options.retryMaxDelay()))
                .setShouldRetryCondition(c -> ThrottleGate.sdkRetries(c.getResponse(), c.getThrowable()));
    }

    /**
     * Room for every fetch ({@code max-concurrency}) and one list page when the vault does not throttle, so the gate
     * binds only once it does; patience {@code startup-timeout}; a 429 without {@code Retry-After} waits as a retry
     * would (from {@code retry.base-delay}, doubling, up to {@code retry.max-delay}).
     */
    private static ThrottleGate throttleGate(KeyVaultOptions options) {
        return new ThrottleGate(options.displayName() + " (" + options.vaultUrl() + ")", options.maxConcurrency() + 1,
                options.startupTimeout(), options.retryBaseDelay(), options.retryMaxDelay());
    }

    private static HttpClient httpClient(KeyVaultOptions options, ConnectionProvider connections) {
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create(connections);
        if (options.trustStore().isPresent()) {
            SslContext ssl = TlsTrust.sslContext(options);
            netty = netty.secure(spec -> spec.sslContext(ssl));
        }
        return new NettyAsyncHttpClientBuilder(netty)
                .connectTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
    }

    /** The standard Azure variables the identity library reads, passwords apart (see {@link #PASSWORD_VARIABLES}). */
    private static final List<String> AZURE_VARIABLES = List.of("AZURE_CLIENT_ID", "AZURE_TENANT_ID",
            "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "AZURE_USERNAME",
            "AZURE_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_POD_IDENTITY_AUTHORITY_HOST",
            "AZURE_REGIONAL_AUTHORITY_NAME", "AZURE_ADDITIONALLY_ALLOWED_TENANTS", "AZURE_TOKEN_CREDENTIALS",
            "IDENTITY_ENDPOINT", "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "IMDS_ENDPOINT");

    /**
     * The password-type variables, copied only for the credential types whose SDK credential reads them from its
     * {@link Configuration}: {@code default} (its EnvironmentCredential authenticates with AZURE_CLIENT_SECRET,
     * AZURE_CLIENT_CERTIFICATE_PASSWORD or AZURE_PASSWORD; its managed identity sends IDENTITY_HEADER / MSI_SECRET
     * with every token request) and {@code managed-identity} (the last two). The SDK keeps its Configuration for the
     * life of the credential, so for those types it holds them as long as it can authenticate; every other type gets
     * its secret from its own setting (read where the credential is built) and no copy of these.
     */
    private static final List<String> PASSWORD_VARIABLES = List.of("AZURE_CLIENT_SECRET",
            "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD", "IDENTITY_HEADER", "MSI_SECRET");
    private static final List<String> MANAGED_IDENTITY_PASSWORDS = List.of("IDENTITY_HEADER", "MSI_SECRET");

    /**
     * An azure-core {@link Configuration} whose "environment" is looked up through the config, read once here when the
     * credential is built; the SDK's global configuration would cache the process environment instead. Null for the
     * types that read no environment ({@code emulator}, {@code azure-cli}) or when no lookup is set.
     */
    private static Configuration azureConfiguration(KeyVaultOptions o) {
        var lookup = o.azureEnvironment().orElse(null);
        if (lookup == null || o.credentialType() == KeyVaultOptions.CredentialType.EMULATOR
                || o.credentialType() == KeyVaultOptions.CredentialType.AZURE_CLI) {
            return null;
        }
        List<String> passwords = switch (o.credentialType()) {
            case DEFAULT -> PASSWORD_VARIABLES;
            case MANAGED_IDENTITY -> MANAGED_IDENTITY_PASSWORDS;
            default -> List.of();
        };
        Map<String, String> variables = new HashMap<>();
        for (String name : AZURE_VARIABLES) {
            lookup.apply(name).ifPresent(v -> variables.put(name, v));
        }
        for (String name : passwords) {
            lookup.apply(name).ifPresent(v -> variables.put(name, v));
        }
        ConfigurationSource none = path -> Map.of();
        return new ConfigurationBuilder(none, none, path -> variables).build();
    }

    private static TokenCredential credential(KeyVaultOptions o, HttpClient http) {
        String authority = o.authorityHost().map(URI::toString).orElse(null);
        Configuration configuration = azureConfiguration(o);
        switch (o.credentialType()) {
            case EMULATOR: {
                String token = o.staticToken().map(s -> s.get()).orElse("kvconfig-emulator");
                return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
            }
            case CLIENT_SECRET: {
                ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder()
                        .tenantId(o.tenantId().orElseThrow())
                        .clientId(o.clientId().orElseThrow())
                        .clientSecret(o.clientSecret().orElseThrow().get())
                        .httpClient(http);
                if (configuration != null) {
                    b.configuration(configuration);
                }
                if (authority != null) {
                    b.authorityHost(authority).disableInstanceDiscovery();
                }
                return b.build();
            }
            case CLIENT_CERTIFICATE: {
                ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder()
                        .tenantId(o.tenantId().orElseThrow())
                        .clientId(o.clientId().orElseThrow())
                        .httpClient(http);
                if (configuration != null) {
                    b.configuration(configuration);
                }
                String path = o.certificatePath().orElseThrow().toString();
                String lower = path.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".pfx") || lower.endsWith(".p12")) {
                    b.pfxCertificate(path).clientCertificatePassword(o.certificatePassword().map(s -> s.get()).orElse(null));
                } else {
                    b.pemCertificate(path);
                }
                if (authority != null) {
                    b.authorityHost(authority).disableInstanceDiscovery();
                }
                return b.build();
            }
            case MANAGED_IDENTITY: {
                ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().httpClient(http);
                if (configuration != null) {
                    b.configuration(configuration);
                }
                o.clientId().ifPresent(b::clientId);
                return b.build();
            }
            case WORKLOAD_IDENTITY: {
                WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder().httpClient(http);
                if (configuration != null) {
                    b.configuration(configuration);
                }
                o.tenantId().ifPresent(b::tenantId);
                o.clientId().ifPresent(b::clientId);
                o.tokenFile().ifPresent(p -> b.tokenFilePath(p.toString()));
                if (authority != null) {
                    b.authorityHost(authority).disableInstanceDiscovery();
                }
                return b.build();
            }
            case AZURE_CLI: {
                AzureCliCredentialBuilder b = new AzureCliCredentialBuilder();
                o.tenantId().ifPresent(b::tenantId);
                return b.build();
            }
            case DEFAULT:
            default: {
                DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().httpClient(http);
                if (configuration != null) {
                    b.configuration(configuration);
                }
                o.tenantId().ifPresent(b::tenantId);
                o.clientId().ifPresent(b::managedIdentityClientId);
                if (authority != null) {
                    b.authorityHost(authority);
                }
                return b.build();
            }
        }
    }
}
