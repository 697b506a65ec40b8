package dev.kvconfig.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/** Versions of the libraries a run used, read from what ran (never typed into a report by hand). */
final class LibraryVersions {
    private static final Pattern BOOT_LIB = Pattern.compile("BOOT-INF/lib/(.+)-([0-9][^/]*)\\.jar");

    private LibraryVersions() {
    }

    /** The version of {@code artifactId} packed in a Spring Boot jar ({@code BOOT-INF/lib/<artifactId>-<version>.jar}). */
    static Optional<String> inBootJar(Path jar, String artifactId) {
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(e -> BOOT_LIB.matcher(e.getName())).filter(Matcher::matches)
                    .filter(m -> m.group(1).equals(artifactId)).map(m -> m.group(2)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** JMH's version, from the JMH on this class path. */
    static String jmh() {
        return org.openjdk.jmh.util.Version.getPlainVersion();
    }

    /**
     * What the Spring Cloud Azure peer's jar holds: "Spring Cloud Azure 6.1.0 on Spring Boot 3.5.7 with its own
     * azure-core 1.57.0 / azure-security-keyvault-secrets 4.10.4", each read from the jar ("?" when absent).
     */
    static String springPeer(Path jar) {
        return "Spring Cloud Azure " + boot(jar, "spring-cloud-azure-starter-keyvault-secrets") + " on Spring Boot "
                + boot(jar, "spring-boot") + " with its own azure-core " + boot(jar, "azure-core")
                + " / azure-security-keyvault-secrets " + boot(jar, "azure-security-keyvault-secrets");
    }

    private static String boot(Path jar, String artifactId) {
        return inBootJar(jar, artifactId).orElse("?");
    }
}
