package dev.kvconfig.bootstrap;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code --version}: the project version the build wrote into {@code version.properties} (Maven resource filtering),
 * so the CLI never states a version typed by hand.
 */
final class BuildVersion implements CommandLine.IVersionProvider {
    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"kvconfig-bootstrap " + version()};
    }

    /** The project version of this build, such as {@code 0.1.0-SNAPSHOT}. */
    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing next to " + BuildVersion.class.getName()
                        + "; the build writes it (bootstrap/pom.xml, resource filtering)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
