package dev.kvconfig.benchmarks.starterpeer;

import dev.kvconfig.spring.KeyVaultSources;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The kvconfig Spring Boot starter side of the peer benchmark, run by {@code kvconfig-benchmarks} as a child JVM: the
 * same app shape, clock and line protocol as the Spring Cloud Azure peer ({@code benchmarks-spring-peer}), configured
 * as the starter documents it ({@code --spring.config.import=keyvault:} and {@code --keyvault.*} command-line
 * arguments, emulator credential and trust store among them).
 *
 * <p>Commands, one per stdin line; answers are stdout lines starting with {@code KVBENCH}: {@code start} (run the app,
 * answer with the nanoseconds until the probe property resolved and until the context was ready), {@code refresh} (one
 * cycle, {@link KeyVaultSources#refreshNow()}), {@code value} (fingerprint of the probe's value), {@code stop},
 * {@code exit}.
 */
@SpringBootApplication
public class StarterPeer {

    public static void main(String[] args) throws Exception {
        String probe = System.getProperty("kvbench.probe", "bench-0000");
        PrintStream out = System.out;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ConfigurableApplicationContext context = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.trim()) {
                case "start" -> {
                    long[] resolvedAt = new long[1];
                    long t0 = System.nanoTime();
                    // After config data is processed (the vault loaded): the first moment application code could read
                    // a vault property, the same point as the Spring Cloud Azure peer's clock.
                    ApplicationListener<ApplicationEnvironmentPreparedEvent> firstRead = event -> {
                        if (event.getEnvironment().getProperty(probe) != null) {
                            resolvedAt[0] = System.nanoTime();
                        }
                    };
                    context = new SpringApplicationBuilder(StarterPeer.class)
                            .web(WebApplicationType.NONE)
                            .bannerMode(Banner.Mode.OFF)
                            .logStartupInfo(false)
                            .listeners(firstRead)
                            .run(args);
                    long ready = System.nanoTime();
                    out.println("KVBENCH started " + (resolvedAt[0] != 0 ? resolvedAt[0] - t0 : -1) + " " + (ready - t0));
                }
                case "refresh" -> {
                    long t0 = System.nanoTime();
                    context.getBean(KeyVaultSources.class).refreshNow().join();
                    out.println("KVBENCH refreshed " + (System.nanoTime() - t0));
                }
                case "value" -> out.println("KVBENCH value " + fingerprint(context.getEnvironment().getProperty(probe)));
                case "stop" -> {
                    context.close();
                    context = null;
                    out.println("KVBENCH stopped");
                }
                case "exit" -> {
                    out.println("KVBENCH bye");
                    out.flush();
                    System.exit(0);
                }
                default -> out.println("KVBENCH error unknown command " + line);
            }
            out.flush();
        }
    }

    private static String fingerprint(String value) throws NoSuchAlgorithmException {
        if (value == null) {
            return "absent";
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
