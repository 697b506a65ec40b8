package dev.kvconfig.spring;

import org.springframework.boot.SpringApplication;
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
 */
abstract class KeyVaultReferencesPostProcessor implements Ordered {

    /**
     * Adds the reference source to {@code environment}, once, and closes it with the application.
     *
     * @param environment the application's environment, config data already processed
     * @param application the application being started
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
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
