package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;

/**
 * SmallRye entry point for key references, registered in
 * {@code META-INF/services/io.smallrye.config.SecretKeysHandlerFactory}: the handler named {@value #NAME} resolves
 * {@code ${keyvault-key::[alias:]name[/version][#pem|#jwk]}} to the public part of an RSA or EC key, e.g.
 * {@code mp.jwt.verify.publickey=${keyvault-key::jwt-signing}}.
 *
 * <ul>
 *   <li>{@code #pem} (default): X.509 SubjectPublicKeyInfo, {@code -----BEGIN PUBLIC KEY-----};</li>
 *   <li>{@code #jwk}: a JSON Web Key with only public members ({@code kty}, {@code kid}, {@code n}/{@code e} or
 *       {@code crv}/{@code x}/{@code y}).</li>
 * </ul>
 *
 * <p>Vaults, fetching at startup, holding, refresh and closing are those of {@link KeyVaultSecretKeysHandlerFactory}: a
 * latest version is refreshed in the background on a read after {@code keyvault.refresh.interval} (a rotated key shows up then), a pinned version is fetched once.
 * A symmetric (oct) key, a missing key, an unknown part or alias, and a missing {@code get} permission each fail with a
 * message naming the reference and the reason.
 */
public final class KeyVaultKeyHandlerFactory implements SecretKeysHandlerFactory {

    /** The handler name used in expressions: {@code ${keyvault-key::…}}. */
    public static final String NAME = "keyvault-key";

    /**
     * Creates the handler and fetches the key references the context's configuration holds; with none, it reads no
     * setting and sends no request until a reference is resolved.
     */
    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        return new KeyReferenceHandler(context);
    }

    @Override
    public String getName() {
        return NAME;
    }
}
