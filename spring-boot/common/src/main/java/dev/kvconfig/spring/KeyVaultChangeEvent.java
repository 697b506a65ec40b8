package dev.kvconfig.spring;

import java.net.URI;
import java.util.Set;
import org.springframework.context.ApplicationEvent;

/**
 * A background refresh changed a vault's secrets; published by {@link KeyVaultSources} on the vault's refresher thread
 * after the {@code Environment} serves the new values (and, with Spring Cloud, after the {@code EnvironmentChangeEvent}
 * and the refresh scope's rebuild). Never published for a refresh that changed nothing. Carries property names only,
 * never values: read new values through the {@code Environment} or the rebound beans. Immutable.
 */
public final class KeyVaultChangeEvent extends ApplicationEvent {

    private final transient dev.kvconfig.source.SecretsChangeEvent change;

    KeyVaultChangeEvent(Object source, dev.kvconfig.source.SecretsChangeEvent change) {
        super(source);
        this.change = change;
    }

    /** The vault alias, {@code default} for {@code keyvault.url}. */
    public String alias() {
        return change.alias();
    }

    public URI vaultUrl() {
        return change.vaultUrl();
    }

    /** Properties that appeared, by name as the vault's property source lists them. */
    public Set<String> added() {
        return change.added();
    }

    /** Properties whose secret has a new version or value. */
    public Set<String> updated() {
        return change.updated();
    }

    /** Properties that disappeared (secret deleted, disabled, expired or filtered out). */
    public Set<String> removed() {
        return change.removed();
    }

    /** Every property added, updated or removed. */
    public Set<String> changedProperties() {
        return change.changedProperties();
    }

    @Override
    public String toString() {
        return "KeyVaultChangeEvent{vault=" + alias() + ", added=" + added() + ", updated=" + updated() + ", removed="
                + removed() + "}";
    }
}
