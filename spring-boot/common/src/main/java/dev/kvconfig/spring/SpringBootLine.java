package dev.kvconfig.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.springframework.boot.SpringBootVersion;
import org.springframework.util.ClassUtils;

/**
 * The Spring Boot lines kvconfig has a starter for, and the check that an application runs the line of the starter it
 * has. Each starter jar names itself in {@value #MARKER}; the line that runs is the one whose bootstrap registry is
 * present (Boot 4 moved it to {@code org.springframework.boot.bootstrap}). {@link #check} runs when Boot creates the
 * location resolver, at the start of config data processing on every startup and before any class that links to one
 * line only is used, so the wrong starter stops startup with Boot's failure report naming the right one, not with a
 * {@code NoClassDefFoundError} later.
 */
enum SpringBootLine {

    BOOT_4("kvconfig-spring-boot-starter", "Spring Boot 4.0 and 4.1", "org.springframework.boot.bootstrap.BootstrapRegistry"),
    BOOT_3("kvconfig-spring-boot3-starter", "Spring Boot 3.5", "org.springframework.boot.BootstrapRegistry");

    /** The resource in each starter jar: {@code artifact=<its artifactId>}. */
    static final String MARKER = "META-INF/kvconfig-spring-boot-line.properties";

    private final String artifact;
    private final String supports;
    private final String registryClass;

    SpringBootLine(String artifact, String supports, String registryClass) {
        this.artifact = artifact;
        this.supports = supports;
        this.registryClass = registryClass;
    }

    /**
     * Fails when a starter of another Boot line is on the class path of {@code loader}.
     *
     * @throws KeyVaultConfigException naming the starter found, the Boot version running and the starter to use
     */
    static void check(ClassLoader loader) {
        SpringBootLine running = ClassUtils.isPresent(BOOT_4.registryClass, loader) ? BOOT_4 : BOOT_3;
        List<String> starters = starters(loader);
        for (String found : starters) {
            if (found.equals(running.artifact)) {
                continue;
            }
            String version = SpringBootVersion.getVersion();
            String description = "dev.kvconfig:" + found + " is on the class path, but this application runs Spring Boot "
                    + (version != null ? version : running.supports) + (starters.contains(running.artifact) ? ""
                            : ", and the starter for " + running.supports + " is dev.kvconfig:" + running.artifact);
            String action = starters.contains(running.artifact)
                    ? "Remove dev.kvconfig:" + found + "; dev.kvconfig:" + running.artifact + " (for " + running.supports
                            + ") is there already"
                    : "Replace dev.kvconfig:" + found + " with dev.kvconfig:" + running.artifact + " (same version, "
                            + "same keyvault.* settings and keyvault: imports)";
            throw new KeyVaultConfigException(description, action, null);
        }
    }

    private static List<String> starters(ClassLoader loader) {
        List<String> artifacts = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(MARKER))) {
                Properties marker = new Properties();
                try (InputStream in = url.openStream()) {
                    marker.load(in);
                }
                artifacts.add(marker.getProperty("artifact"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kvconfig: cannot read " + MARKER + " from the class path", e);
        }
        return artifacts;
    }
}
