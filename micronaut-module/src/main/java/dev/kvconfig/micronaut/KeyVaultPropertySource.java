package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultConfigSource;
import io.micronaut.context.env.PropertySource;
import java.util.Iterator;
import java.util.Map;

/**
 * One vault as a Micronaut {@link PropertySource}: a live view of the core source's current snapshot, never a copy.
 * Lookups do no I/O. Named {@code keyvault-<alias>} ({@code keyvault-default} for {@code keyvault.url}); its
 * {@code toString()} is that name, never its content.
 *
 * <p>Position: {@code keyvault.ordinal} minus {@value #ORDINAL_TO_ORDER}, so the default ordinal 270 gives order -230:
 * above {@code application.yml} (-300) and {@code bootstrap.yml}, below environment variables (-200), system properties
 * (-100) and the command line (0). It is the MicroProfile ladder shifted onto Micronaut's (environment 300 → -200,
 * system properties 400 → -100).
 *
 * <p>Thread-safe. While the adapter pushes a change into the environment, the pushing thread alone sees a narrowed view
 * holding only the changed keys (see {@link #pushing}); every other thread always sees the whole vault.
 */
final class KeyVaultPropertySource implements PropertySource {

    static final int ORDINAL_TO_ORDER = 500;

    private final KeyVaultConfigSource source;
    private final String name;
    private final int order;
    /** Per instance, per thread: the changed keys and the values the environment must now serve for them. */
    private final ThreadLocal<Map<String, Object>> pushing = new ThreadLocal<>();

    KeyVaultPropertySource(KeyVaultConfigSource source) {
        this.source = source;
        this.name = "keyvault-" + source.alias();
        this.order = source.getOrdinal() - ORDINAL_TO_ORDER;
    }

    KeyVaultConfigSource source() {
        return source;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public PropertyConvention getConvention() {
        return PropertyConvention.JAVA_PROPERTIES;
    }

    /** The value of the secret this key maps to (any spelling, any case), from the current snapshot. */
    @Override
    public Object get(String key) {
        Map<String, Object> narrowed = pushing.get();
        if (narrowed != null) {
            return narrowed.get(key);
        }
        return source.getValue(key);
    }

    @Override
    public Iterator<String> iterator() {
        Map<String, Object> narrowed = pushing.get();
        if (narrowed != null) {
            return narrowed.keySet().iterator();
        }
        return PropertyKeys.spellings(source.getPropertyNames()).iterator();
    }

    /**
     * Runs {@code push} (which hands this source to the environment again) while this thread sees only {@code values}:
     * the environment then overwrites exactly those catalog entries, with the values precedence says it must serve.
     */
    void pushing(Map<String, Object> values, Runnable push) {
        pushing.set(values);
        try {
            push.run();
        } finally {
            pushing.remove();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
