package dev.kvconfig.spring;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;

/** {@link KeyVaultReferencesPostProcessor} as Boot 4's {@code org.springframework.boot.EnvironmentPostProcessor}. In {@code META-INF/spring.factories}. */
final class ReferencesPostProcessor extends KeyVaultReferencesPostProcessor implements EnvironmentPostProcessor {

    /** Boot passes its deferred log: logging is not set up yet when environment post-processors run. */
    ReferencesPostProcessor(DeferredLogFactory logs) {
        super(logs);
    }
}
