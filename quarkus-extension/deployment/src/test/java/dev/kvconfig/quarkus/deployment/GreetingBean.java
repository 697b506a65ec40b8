package dev.kvconfig.quarkus.deployment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** An application bean reading vault values the usual ways. */
@ApplicationScoped
public class GreetingBean {

    @ConfigProperty(name = "greeting")
    String greeting;

    @ConfigProperty(name = "app.dsn", defaultValue = "none")
    String dsn;

    @Inject
    @ConfigProperty(name = "db.password")
    Provider<String> dbPassword;

    String greeting() {
        return greeting;
    }

    String dsn() {
        return dsn;
    }

    /** Re-read on each call: sees refreshed values. */
    String currentDbPassword() {
        return dbPassword.get();
    }
}
