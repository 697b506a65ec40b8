package dev.kvconfig.examples.quickstart;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Shows that a value changed without showing the value: the first 8 hex digits of its SHA-256. */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(String value) {
        if (value == null) {
            return "<none>";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
