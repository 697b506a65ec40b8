package dev.kvconfig.emulator.secrets;

import java.util.Map;

/**
 * One immutable version of a secret. {@link #toString()} never shows the value.
 *
 * @param name        the secret name as first stored (case kept)
 * @param version     32 lower-case hex characters
 * @param value       the value
 * @param contentType content type or null
 * @param tags        tags (never null)
 * @param enabled     enabled attribute
 * @param notBefore   nbf, Unix seconds, or null
 * @param expires     exp, Unix seconds, or null
 * @param created     Unix seconds
 * @param updated     Unix seconds
 * @param managed     true for a certificate's backing secret
 * @param kid         the certificate's key id for a managed secret, or null
 */
public record SecretVersion(String name, String version, String value, String contentType, Map<String, String> tags,
                            boolean enabled, Long notBefore, Long expires, long created, long updated,
                            boolean managed, String kid) {

    public SecretVersion {
        tags = Map.copyOf(tags);
    }

    SecretVersion withAttributes(String newContentType, Map<String, String> newTags, boolean newEnabled,
                                 Long newNotBefore, Long newExpires, long now) {
        return new SecretVersion(name, version, value, newContentType, newTags, newEnabled, newNotBefore, newExpires,
                created, now, managed, kid);
    }

    @Override
    public String toString() {
        return "SecretVersion[" + name + "/" + version + ", enabled=" + enabled + "]";
    }
}
