package dev.kvconfig.source;

import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Run in a child JVM by {@link CredentialsTest} for managed identity: MSAL4J reads {@code IDENTITY_ENDPOINT} and
 * {@code IDENTITY_HEADER} from the real process environment only. Args: settings file, property, expected value.
 * Prints MATCH or MISMATCH (never the value) and exits 0 on a match.
 */
public final class CredentialProbe {

    private CredentialProbe() {
    }

    public static void main(String[] args) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            p.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        p.stringPropertyNames().forEach(n -> settings.put(n, p.getProperty(n)));
        SmallRyeConfig config = TestVaults.config(settings);
        try {
            boolean match = args[2].equals(config.getValue(args[1], String.class));
            System.out.println(match ? "MATCH" : "MISMATCH");
            System.exit(match ? 0 : 1);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }
}
