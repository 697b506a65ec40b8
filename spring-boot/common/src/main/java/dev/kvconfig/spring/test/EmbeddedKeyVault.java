package dev.kvconfig.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs a {@code @SpringBootTest} against an in-process Key Vault emulator (real HTTPS, the real SDK; no Docker, no
 * Azure). The emulator starts with the test's application context and stops with it; its settings
 * ({@link KeyVaultTestProperties}) are added before Boot processes {@code spring.config.import}, which
 * {@code @DynamicPropertySource} cannot do (its properties arrive after config data is loaded). The emulator is a bean:
 * {@code @Autowired KeyVaultEmulator emulator} to rotate secrets and read request counts. Settings of the test itself
 * ({@code @SpringBootTest(properties = …)}) win over the emulator's.
 *
 * <pre>{@code
 * @SpringBootTest(properties = "spring.config.import=keyvault:")   // or in application.yml
 * @EmbeddedKeyVault(secrets = {"greeting=hello", "payments:api-key=k1"}, aliases = "payments")
 * class GreetingTest {
 *     @Autowired KeyVaultEmulator emulator;
 *     @Autowired KeyVaultSources vaults;
 *
 *     @Test
 *     void rotation_reachesBean() {
 *         emulator.setSecret("main", "greeting", "bonjour");
 *         vaults.refreshNow().join();
 *     }
 * }
 * }</pre>
 *
 * Needs {@code dev.kvconfig:kvconfig-emulator} and {@code spring-boot-starter-test} on the test classpath. Replaces the
 * context loader, so it cannot be combined with a {@code @ContextConfiguration(loader = …)} of the test's own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextConfiguration(loader = EmbeddedKeyVaultContextLoader.class)
@ContextCustomizerFactories(EmbeddedKeyVaultCustomizerFactory.class)
public @interface EmbeddedKeyVault {

    /** The emulator vault behind {@code keyvault.url}. */
    String MAIN_VAULT = "main";

    /**
     * Seeded secrets, {@code name=value} for the main vault ({@code keyvault.url}) or {@code alias:name=value} for an
     * alias's vault.
     */
    String[] secrets() default {};

    /** Aliases to configure ({@code keyvault.vaults.<alias>.*}), each on its own emulator vault named like the alias. */
    String[] aliases() default {};
}
