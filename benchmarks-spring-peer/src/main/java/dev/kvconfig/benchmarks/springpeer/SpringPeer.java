package dev.kvconfig.benchmarks.springpeer;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import reactor.core.publisher.Mono;

/**
 * The Spring Cloud Azure side of the peer benchmark, run by {@code kvconfig-benchmarks} as a child JVM. The app is
 * configured the way Spring Cloud Azure documents it ({@code spring.cloud.azure.keyvault.secret.property-sources[0].*},
 * given as command-line arguments); the only emulator-specific parts are a {@link TokenCredential} registered in the
 * bootstrap context (the hook Spring Cloud Azure's {@code KeyVaultEnvironmentPostProcessor} reads), the JVM trust store
 * ({@code -Djavax.net.ssl.trustStore}, set by the parent) and {@code challenge-resource-verification-enabled=false}.
 *
 * <p>Protocol: one command per stdin line; answers are stdout lines starting with {@code KVBENCH} (Spring's own log
 * lines are ignored by the parent). Commands: {@code start} (run the app, answer with the nanoseconds until the probe
 * property resolved), {@code refresh} (one refresh cycle, see {@link #refresh}), {@code value} (fingerprint of the
 * probe's value), {@code stop}, {@code exit}.
 */
@SpringBootApplication
public class SpringPeer {

    public static void main(String[] args) throws Exception {
        String probe = System.getProperty("kvbench.probe", "bench-0000");
        PrintStream out = System.out;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        TokenCredential credential = request -> Mono.just(new AccessToken("kvbench", OffsetDateTime.now().plusHours(1)));
        ConfigurableApplicationContext context = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.trim()) {
                case "start": {
                    long[] resolvedAt = new long[1];
                    long t0 = System.nanoTime();
                    // Runs after Spring's EnvironmentPostProcessorApplicationListener (which inserts the Key Vault
                    // property source), i.e. at the first moment application code could read a vault property.
                    ApplicationListener<ApplicationEnvironmentPreparedEvent> firstRead = event -> {
                        if (event.getEnvironment().getProperty(probe) != null) {
                            resolvedAt[0] = System.nanoTime();
                        }
                    };
                    context = new SpringApplicationBuilder(SpringPeer.class)
                            .web(WebApplicationType.NONE)
                            .bannerMode(Banner.Mode.OFF)
                            .logStartupInfo(false)
                            // A lambda, not InstanceSupplier.of: the type moved in Boot 4 (org.springframework.boot
                            // .bootstrap), and this source is built on Boot 3.5.7 here and on Boot 4.0.7 in
                            // benchmarks-spring4-peer.
                            .addBootstrapRegistryInitializer(registry ->
                                    registry.register(TokenCredential.class, bootstrap -> credential))
                            .listeners(firstRead)
                            .run(args);
                    long ready = System.nanoTime();
                    boolean ok = resolvedAt[0] != 0;
                    out.println("KVBENCH started " + (ok ? resolvedAt[0] - t0 : -1) + " " + (ready - t0));
                    break;
                }
                case "refresh": {
                    long t0 = System.nanoTime();
                    refresh(context.getEnvironment());
                    out.println("KVBENCH refreshed " + (System.nanoTime() - t0));
                    break;
                }
                case "value":
                    out.println("KVBENCH value " + fingerprint(context.getEnvironment().getProperty(probe)));
                    break;
                case "stop":
                    context.close();
                    context = null;
                    out.println("KVBENCH stopped");
                    break;
                case "exit":
                    out.println("KVBENCH bye");
                    out.flush();
                    System.exit(0);
                    break;
                default:
                    out.println("KVBENCH error unknown command " + line);
            }
            out.flush();
        }
    }

    /**
     * One refresh cycle, exactly what Spring Cloud Azure's refresh timer runs: {@code KeyVaultPropertySource}'s timer
     * task calls its package-private {@code loadProperties()}. Calling that method directly makes the cycle happen
     * once, now, so its requests can be counted; the app keeps the default {@code refresh-interval} (30 minutes), so
     * the timer itself never fires during a benchmark.
     */
    private static void refresh(ConfigurableEnvironment environment) throws ReflectiveOperationException {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getClass().getSimpleName().equals("KeyVaultPropertySource")) {
                Method load = source.getClass().getDeclaredMethod("loadProperties");
                load.setAccessible(true);
                load.invoke(source);
                return;
            }
        }
        throw new IllegalStateException("no KeyVaultPropertySource in the environment");
    }

    private static String fingerprint(String value) throws NoSuchAlgorithmException {
        if (value == null) {
            return "absent";
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
