package dev.kvconfig.spring;

import org.springframework.boot.EnvironmentPostProcessor;

/** {@link KeyVaultReferencesPostProcessor} as Boot 4's {@code org.springframework.boot.EnvironmentPostProcessor}. In {@code META-INF/spring.factories}. */
final class ReferencesPostProcessor extends KeyVaultReferencesPostProcessor implements EnvironmentPostProcessor {
}
