package dev.kvconfig.spring;

import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the vaults a failed startup had opened (nothing half-started: no refresher thread, no connection pool left),
 * e.g. when a second {@code keyvault:} import fails after the first loaded, or a bean fails after the imports. One
 * instance per application run (Boot creates it from {@code META-INF/spring.factories}). On Boot 4 Boot never calls
 * {@link #starting} (its bootstrap type differs), so this class is harmless there until the wrong-line check reports.
 */
final class KeyVaultRunListener implements SpringApplicationRunListener {

    private ConfigurableBootstrapContext bootstrap;

    KeyVaultRunListener(SpringApplication application, String[] args) {
    }

    @Override
    public void starting(ConfigurableBootstrapContext bootstrapContext) {
        this.bootstrap = bootstrapContext;
    }

    @Override
    public void failed(ConfigurableApplicationContext context, Throwable exception) {
        if (bootstrap != null) {
            BootstrapVaults.closeOpened(bootstrap);
        }
    }
}
