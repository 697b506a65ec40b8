package dev.kvconfig.emulator.certificates;

import java.util.Map;

/**
 * Where a certificate's backing secret goes: the vault's {@code SecretStore} (a seam so tests can watch it). The secret has
 * the certificate's name and version, {@code managed: true}, the policy's content type and the backing key's id.
 * Implementations must be thread-safe and must not log {@code value}.
 */
@FunctionalInterface
interface BackingSecrets {
    /**
     * Stores one managed secret version.
     *
     * @param name the certificate name
     * @param version the certificate version (also the secret's and the key's version)
     * @param value base64 PKCS#12 without password, or PEM text (private key then chain)
     * @param contentType {@code application/x-pkcs12} or {@code application/x-pem-file}
     * @param kid the backing key's id
     * @param enabled whether the version is enabled
     * @param notBefore the certificate's not-before (epoch seconds)
     * @param expires the certificate's not-after (epoch seconds)
     * @param tags the certificate's tags
     */
    void putManaged(String name, String version, String value, String contentType, String kid, boolean enabled,
            long notBefore, long expires, Map<String, String> tags);
}
