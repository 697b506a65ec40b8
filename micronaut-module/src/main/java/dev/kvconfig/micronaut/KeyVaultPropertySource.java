package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.naming.NameMapping;
import io.micronaut.context.env.PropertySource;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * <p>Names: each secret once, in environment-variable form ({@code APP_API_KEY}, see {@link PropertyKeys#sourceNames}),
 * under {@link PropertyConvention#ENVIRONMENT_VARIABLE}, so Micronaut generates the dot/dash spellings and keeps maps
 * ({@code datasources.<name>}) free of phantom entries. {@link #get} answers any spelling.
 *
 * <p>Thread-safe. While the adapter pushes a change into the environment, the pushing thread alone sees a narrowed view
 * holding only the changed properties (see {@link #pushing}); every other thread always sees the whole vault.
 */
final class KeyVaultPropertySource implements PropertySource {

    static final int ORDINAL_TO_ORDER = 500;

    private final KeyVaultConfigSource source;
    private final String name;
    private final int order;
    /**
     * Per instance, per thread: the changed properties by {@link NameMapping#lookupKey} and the values the environment
     * must now serve for them.
     */
    private final ThreadLocal<Map<String, Pushed>> pushing = new ThreadLocal<>();

    /** A changed property's core name and the value the environment must now serve for it. */
    private record Pushed(String propertyName, Object value) {
    }

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
        return PropertyConvention.ENVIRONMENT_VARIABLE;
    }

    /** The value of the secret this key maps to (any spelling, any case), from the current snapshot. */
    @Override
    public Object get(String key) {
        Map<String, Pushed> narrowed = pushing.get();
        if (narrowed != null) {
            Pushed p = narrowed.get(NameMapping.lookupKey(key));
            return p == null ? null : p.value();
        }
        return source.getValue(key);
    }

    @Override
    public Iterator<String> iterator() {
        Map<String, Pushed> narrowed = pushing.get();
        if (narrowed != null) {
            // A running environment processes an added source as Java properties, whatever its convention: list every
            // spelling itself.
            return PropertyKeys.spellings(narrowed.values().stream().map(Pushed::propertyName).toList()).iterator();
        }
        return source.getPropertyNames().stream().flatMap(n -> PropertyKeys.sourceNames(n).stream()).distinct()
                .iterator();
    }

    /**
     * Runs {@code push} (which hands this source to the environment again) while this thread sees only {@code values}
     * (core property name to the value to serve): the environment then overwrites exactly the catalog entries of those
     * properties, in every spelling, with the values precedence says it must serve. (A running environment processes an
     * added source as Java properties whatever its convention, so here every spelling is listed, and Micronaut's
     * normalized catalog, which {@code @EachProperty} reads, holds them all until the environment is next read as a
     * whole; beans already created are not affected.)
     */
    void pushing(Map<String, Object> values, Runnable push) {
        Map<String, Pushed> narrowed = new LinkedHashMap<>();
        values.forEach((name, value) -> narrowed.put(NameMapping.lookupKey(name), new Pushed(name, value)));
        pushing.set(narrowed);
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
