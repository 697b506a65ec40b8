package dev.kvconfig.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Boot's failure report for a vault that could not be imported: the description names the key and what is wrong, the
 * action says how to fix it. Each starter registers it in {@code META-INF/spring.factories}.
 */
final class KeyVaultFailureAnalyzer extends AbstractFailureAnalyzer<KeyVaultConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KeyVaultConfigException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
