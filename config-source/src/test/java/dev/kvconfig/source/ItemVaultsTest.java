package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How reference failures read. The emulator has no access policies on the data plane, so a 403 for a missing
 * permission is built here as the SDK would raise it: an {@link HttpResponseException} over a 403 response.
 */
class ItemVaultsTest {

    private static final ItemVaults.Vault VAULT = new ItemVaults.Vault(KeyVaultOptions.builder()
            .vaultUrl("https://kv-orders.vault.azure.net/").build(), null);

    private static HttpResponseException status(int code, String message) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, "https://kv-orders.vault.azure.net/keys/jwt-signing");
        HttpResponse response = new HttpResponse(request) {
            @Override
            public int getStatusCode() {
                return code;
            }

            @Override
            @SuppressWarnings("deprecation")
            public String getHeaderValue(String name) {
                return null;
            }

            @Override
            public HttpHeaders getHeaders() {
                return new HttpHeaders();
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.empty();
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.empty();
            }
        };
        return new HttpResponseException(message, response);
    }

    @Test
    void failure_403WithoutPermission_namesItemVaultAndWhatToGrant() {
        ItemReference ref = ItemReference.parse("keyvault-key", "jwt-signing#pem", KeyReferenceHandler.PARTS, "");

        RuntimeException e = ItemVaults.failure(ref, VAULT, "key 'jwt-signing'", "'get' on keys",
                new CompletionException(status(403, "Status code 403, Forbidden: caller lacks keys/get")));

        assertThat(e).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("${keyvault-key::jwt-signing#pem}")
                .hasMessageContaining("may not read key 'jwt-signing' in vault default "
                        + "(https://kv-orders.vault.azure.net/)")
                .hasMessageContaining("403")
                .hasMessageContaining("grant it 'get' on keys");
    }

    @Test
    void failure_403OnASecretReference_namesWhatToGrantOnSecrets() {
        ItemReference ref = ItemReference.parse("keyvault", "db-password", java.util.List.of(), ReferenceHandler.FORM);

        RuntimeException e = ItemVaults.failure(ref, VAULT, "the secret", ReferenceHandler.PERMISSION,
                new CompletionException(status(403, "Status code 403, Forbidden: caller lacks secrets/get")));

        assertThat(e).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("${keyvault::db-password}")
                .hasMessageContaining("may not read the secret in vault default (https://kv-orders.vault.azure.net/)")
                .hasMessageContaining("grant it 'get' on secrets (access policy), or a role with "
                        + "Microsoft.KeyVault/vaults/secrets/getSecret/action");
    }

    @Test
    void parse_secretReferenceWithAPart_isMalformed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ItemReference.parse("keyvault", "db-password#pem",
                java.util.List.of(), ReferenceHandler.FORM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Malformed Key Vault reference '${keyvault::db-password#pem}'");
    }

    @Test
    void failure_403Disabled_saysDisabled() {
        ItemReference ref = ItemReference.parse("keyvault-cert", "web#private-key", CertificateReferenceHandler.PARTS,
                "");

        RuntimeException e = ItemVaults.failure(ref, VAULT, "the backing secret of certificate 'web'", "x",
                status(403, "Operation get is not allowed on a disabled secret."));

        assertThat(e).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the backing secret of certificate 'web' is disabled in vault default");
    }

    @Test
    void failure_ownIllegalArgument_getsTheReferenceInFront() {
        ItemReference ref = ItemReference.parse("keyvault-key", "aes", KeyReferenceHandler.PARTS, "");
        IllegalArgumentException own = new IllegalArgumentException("key 'aes' is a symmetric key (oct)");

        assertThat(ItemVaults.failure(ref, VAULT, "key 'aes'", "x", new CompletionException(own)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Key Vault reference ${keyvault-key::aes}: key 'aes' is a symmetric key (oct)")
                .hasCause(own);
    }

    @Test
    void parse_malformedReference_namesTheFormAndTheText() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ItemReference.parse("keyvault-key", "bad name",
                KeyReferenceHandler.PARTS, KeyReferenceHandler.FORM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'${keyvault-key::bad name}'")
                .hasMessageContaining("[alias:]name[/version][#pem|#jwk]");
    }
}
