package dev.kvconfig.benchmarks;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The application of the first-start benchmark ({@link FirstStart}): builds its configuration the way an application
 * does (discovered sources and handlers, its settings from a properties file at ordinal 250), reads one property and
 * exits. The same class runs both variants: on a classpath without kvconfig, reading the values from the file, and on
 * one with it, where the file holds only {@code keyvault.*} settings. It touches nothing but SmallRye Config and the
 * JDK, so the jar without kvconfig needs nothing else.
 *
 * <p>{@code java -cp … FirstStartApp SETTINGS.properties PROPERTY} prints one line and exits 0, or 1 when the property
 * did not resolve: {@code KVBENCH first <ns from main() to the value> <main thread CPU ns> <process CPU ns>}. CPU times
 * come from Linux's {@code /proc} scheduler statistics ({@code -1} elsewhere), read after the clock stopped.
 */
public final class FirstStartApp {

    private FirstStartApp() {
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .addDiscoveredSecretKeysHandlers()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Path.of(args[0]).toUri().toURL(), 250))
                .build();
        Optional<String> value = config.getOptionalValue(args[1], String.class);
        long elapsed = System.nanoTime() - t0;
        System.out.println("KVBENCH first " + (value.isPresent() ? elapsed : -1) + " " + threadCpu(Path.of(
                "/proc/thread-self/schedstat")) + " " + processCpu());
        System.out.flush();
        System.exit(value.isPresent() ? 0 : 1);
    }

    /** Nanoseconds on CPU of every thread alive now (threads that already ended are not counted). */
    private static long processCpu() {
        return processCpu(Path.of("/proc/self/task"));
    }

    /**
     * Nanoseconds on CPU of the threads under a {@code /proc/<pid>/task} directory that are alive now; -1 when it
     * cannot be read (not Linux, or the process is gone).
     */
    static long processCpu(Path taskDirectory) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDirectory)) {
            for (Path task : tasks) {
                long t = threadCpu(task.resolve("schedstat"));
                if (t < 0) {
                    return -1;
                }
                sum += t;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /** The first field of a {@code schedstat} file: nanoseconds on CPU; -1 if it cannot be read. */
    private static long threadCpu(Path schedstat) {
        try {
            String text = Files.readString(schedstat).trim();
            int space = text.indexOf(' ');
            return Long.parseLong(space < 0 ? text : text.substring(0, space));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
