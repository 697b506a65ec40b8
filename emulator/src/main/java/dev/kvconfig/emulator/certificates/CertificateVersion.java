package dev.kvconfig.emulator.certificates;

import java.util.Map;

/**
 * One immutable certificate version.
 *
 * @param policy the policy JSON members without {@code id} and {@code attributes} (added when rendered)
 */
record CertificateVersion(String name, String version, CertificateContent content, String contentType,
        Map<String, Object> policy, boolean enabled, long created, long updated, Map<String, String> tags) {
    CertificateVersion {
        tags = Map.copyOf(tags);
    }
}
