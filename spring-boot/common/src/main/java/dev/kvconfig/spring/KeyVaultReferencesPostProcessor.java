package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultSetting;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Adds {@link KeyVaultReferencePropertySource} last in the environment, after config data is processed (so the
 * {@code keyvault.*} settings of every file are there), and has it fetch the references the environment holds then,
 * while the application starts. Costs nothing when no value holds a reference. Each starter registers a subclass that
 * adds its Boot line's {@code EnvironmentPostProcessor} interface (Boot 4 moved it to {@code org.springframework.boot})
 * in {@code META-INF/spring.factories}.
 *
 * <p>With no vault configured (neither {@code keyvault.url} nor {@code keyvault.vaults.*}), startup fails when a property
 * references the vault ({@code ${keyvault::…}}, {@code ${keyvault-key::…}}, {@code ${keyvault-cert::…}}), naming the
 * property, with the core's message (which names the key to set): otherwise the application would start and fail on the
 * first read of that property. Without references and without a {@code keyvault:} import, it says once at INFO that Key
 * Vault is not configured, so an application that expected a vault does not start silently without one.
 */
abstract class KeyVaultReferencesPostProcessor implements Ordered {

    private final Log log;

    KeyVaultReferencesPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(KeyVaultReferencesPostProcessor.class);
    }

    /**
     * Adds the reference source to {@code environment}, once, and closes it with the application.
     *
     * @param environment the application's environment, config data already processed
     * @param application the application being started
     * @throws KeyVaultConfigException when no vault is configured and a property references one
     */
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(KeyVaultReferencePropertySource.NAME)) {
            return;
        }
        KeyVaultReferencePropertySource references = new KeyVaultReferencePropertySource(environment);
        environment.getPropertySources().addLast(references);
        application.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            // Only this application's context: a child context (management port, a refresh) closes on its own.
            if ((event instanceof ContextClosedEvent closed && closed.getApplicationContext().getEnvironment() == environment)
                    || event instanceof ApplicationFailedEvent) {
                references.close();
            }
        });
        references.prefetch();
        if (!vaultConfigured(environment)) {
            references.requireNoReference();
            if (Binder.get(environment).bind("spring.config.import", Bindable.listOf(String.class)).orElse(List.of())
                    .stream().noneMatch(l -> l.contains(KeyVaultConfigDataLocationResolver.PREFIX))) {
                log.info("kvconfig: Azure Key Vault is not configured (" + KeyVaultSetting.URL.keyUnder(BinderLookup.ROOT)
                        + " is not set), so no configuration is read from a vault; set keyvault.url (KEYVAULT_URL) and "
                        + "spring.config.import=keyvault: to read it");
            }
        }
    }

    /** Whether any vault has settings: {@code keyvault.url}, or a {@code keyvault.vaults.<alias>} group. */
    private static boolean vaultConfigured(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        String url = binder.bind(KeyVaultSetting.URL.keyUnder(BinderLookup.ROOT), String.class).orElse("");
        return !url.isBlank() || !binder.bind(BinderLookup.ROOT + "vaults", Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of()).isEmpty();
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
