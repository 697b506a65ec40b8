package dev.kvconfig.emulator.keys;

import java.util.List;
import java.util.Map;

/**
 * One immutable version of a key. Updates make a new instance.
 *
 * @param name the key name as created (case kept; lookups ignore case)
 * @param version 32 lowercase hex characters
 * @param managed {@code true} for a certificate's backing key
 */
record KeyVersion(String name, String version, KeyMaterial material, List<String> keyOps, boolean enabled,
        Long notBefore, Long expires, long created, long updated, Map<String, String> tags, boolean managed) {
    KeyVersion {
        keyOps = List.copyOf(keyOps);
        tags = Map.copyOf(tags);
    }

    KeyVersion withUpdate(List<String> newOps, Boolean newEnabled, Long newNbf, Long newExp, boolean nbfGiven,
            boolean expGiven, Map<String, String> newTags, long now) {
        return new KeyVersion(name, version, material, newOps == null ? keyOps : newOps,
                newEnabled == null ? enabled : newEnabled, nbfGiven ? newNbf : notBefore, expGiven ? newExp : expires,
                created, now, newTags == null ? tags : newTags, managed);
    }
}
