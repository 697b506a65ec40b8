package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The starter of the other Boot line on this line's class path: startup stops with Boot's failure report naming the
 * starter to use, not with a {@code NoClassDefFoundError}. {@link TestApp} starts in a class loader of its own, with
 * this module's class path minus the starter under test plus the other line's starter (its classes directory, from
 * system property {@code kvconfig.test.other-starter.classes}, set by the module's surefire configuration).
 */
class WrongBootLineTest {

    @Test
    void otherLinesStarter_failsStartupNamingTheStarterOfThisLine() throws Exception {
        String starter = System.getProperty("kvconfig.test.starter");
        String other = System.getProperty("kvconfig.test.other-starter");
        Path otherClasses = Path.of(System.getProperty("kvconfig.test.other-starter.classes"));
        assertThat(otherClasses.resolve(SpringBootLine.MARKER)).as("the other line's starter, built").exists();

        List<URL> classPath = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path").split(File.pathSeparator)) {
            if (!isStarter(Path.of(entry))) {
                classPath.add(Path.of(entry).toUri().toURL());
            }
        }
        classPath.add(otherClasses.toUri().toURL());

        String failure;
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(classPath.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            @SuppressWarnings("unchecked")
            Supplier<String> start = (Supplier<String>) loader.loadClass(Start.class.getName())
                    .getDeclaredConstructor().newInstance();
            failure = start.get();
        } finally {
            thread.setContextClassLoader(before);
        }

        assertThat(failure).doesNotContain("NoClassDefFoundError").contains(KeyVaultConfigException.class.getName())
                .contains("dev.kvconfig:" + other + " is on the class path, but this application runs Spring Boot ")
                .contains("Replace dev.kvconfig:" + other + " with dev.kvconfig:" + starter);
        assertThat(failure).contains("APPLICATION FAILED TO START")
                .contains("Replace dev.kvconfig:" + other + " with dev.kvconfig:" + starter);
    }

    /** A kvconfig starter's jar or classes directory: it names its Boot line. */
    private static boolean isStarter(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(SpringBootLine.MARKER));
        }
        if (!entry.toString().endsWith(".jar") || !Files.exists(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry(SpringBootLine.MARKER) != null;
        }
    }

    /**
     * Runs in the isolated class loader: starts {@link TestApp}, returns the failure's classes and messages, then Boot's
     * failure report (kept by that loader's logging, see {@link FailureReports}).
     */
    public static final class Start implements Supplier<String> {
        @Override
        public String get() {
            try {
                new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                        .run().close();
                return "started";
            } catch (Throwable e) {
                StringBuilder s = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) {
                    s.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
                }
                return s.append(String.join("\n", FailureReports.kept())).toString();
            }
        }
    }
}
