package dev.kvconfig.spring;

import org.springframework.boot.env.EnvironmentPostProcessor;

/** {@link KeyVaultReferencesPostProcessor} as Boot 3's {@code EnvironmentPostProcessor}. In {@code META-INF/spring.factories}. */
final class ReferencesPostProcessor extends KeyVaultReferencesPostProcessor implements EnvironmentPostProcessor {
}
