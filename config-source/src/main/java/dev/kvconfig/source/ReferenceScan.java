package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Expressions;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Finds references in raw config values (never expanding them, so no handler runs). Two users: each vault source
 * watches the expiry of the key and certificate references ({@link #find}); each reference handler fetches the
 * references of its kind when it is created ({@link #references}, {@link #prefetch}), so reading them later needs no
 * request. The handlers are built by SmallRye apart from the sources and cannot reach them (a handler's context sees
 * only the sources that exist before any {@code ConfigSourceFactory} runs), so each reads the configuration itself.
 * Malformed references are skipped here: resolving them reports the error. A source that cannot list or read its
 * values is logged once at WARNING: the expiry of what it references goes unwatched.
 */
final class ReferenceScan {

    private static final System.Logger LOG = Refresher.LOG;

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(" + KeyVaultKeyHandlerFactory.NAME + "|"
            + KeyVaultCertificateHandlerFactory.NAME + ")::([^}]*)}");
    private static final Pattern ANY_EXPRESSION = Pattern.compile("\\$\\{(" + KeyVaultSecretKeysHandlerFactory.NAME
            + "|" + KeyVaultKeyHandlerFactory.NAME + "|" + KeyVaultCertificateHandlerFactory.NAME + ")::([^}]*)}");

    private ReferenceScan() {
    }

    /** A reference found: which vault alias ({@link ReferenceHandler#MAIN} for none) and what to watch. */
    record Found(String alias, ExpiryWatch.Watched item) {
    }

    static List<Found> find(ConfigSourceContext context) {
        List<ConfigSource> sources;
        try {
            sources = context.getConfigSources();
        } catch (UnsupportedOperationException e) {
            // A context built outside SmallRye's builder (an adapter's own) need not offer its sources. Reading values
            // through getValue instead would expand them and so resolve the references: no watch then.
            return List.of();
        }
        Set<Found> found = new LinkedHashSet<>();
        for (ConfigSource source : sources) {
            try {
                for (String name : source.getPropertyNames()) {
                    String value = source.getValue(name);
                    if (value != null && value.contains("::")) {
                        collect(value, found);
                    }
                }
            } catch (RuntimeException e) {
                // Resolving its references still works; only watching their expiry is off. One line per source and scan.
                LOG.log(Level.WARNING, "kvconfig: could not read the Key Vault key and certificate "
                        + "references in config source {0}: {1}; the expiry of the keys and certificates it references "
                        + "is not watched", source.getName(), Refresher.summary(e));
            }
        }
        return List.copyOf(found);
    }

    /**
     * The raw values the context offers that may hold a reference: its sources' values when it lists them (a source
     * factory's context), else its names' values read with expansion off. SmallRye hands a discovered handler values
     * below expansion, but a handler registered on the builder ({@code withSecretKeyHandlerFactories}, as the Quarkus
     * extension does) a context that expands them with no handler at all, so every value holding a reference would fail
     * to read and none would be fetched at startup. Never throws: a value that cannot be read is skipped, and a
     * configuration that cannot be listed gives what was read so far (its references are then fetched on first read).
     */
    static List<String> rawValues(ConfigSourceContext context) {
        List<String> values = new ArrayList<>();
        Consumer<String> collect = value -> {
            if (value != null && value.contains("::")) {
                values.add(value);
            }
        };
        try {
            List<ConfigSource> sources = sourcesOf(context);
            if (sources != null) {
                for (ConfigSource source : sources) {
                    for (String name : source.getPropertyNames()) {
                        collect.accept(valueOf(source, name));
                    }
                }
            } else {
                for (Iterator<String> names = context.iterateNames(); names.hasNext();) {
                    String name = names.next();
                    try {
                        ConfigValue value = Expressions.withoutExpansion(() -> context.getValue(name));
                        collect.accept(value == null ? null : value.getValue());
                    } catch (RuntimeException e) {
                        // e.g. a secret key SmallRye keeps locked: nothing to learn from it
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "kvconfig: the configuration could not be listed for Key Vault references: {0}",
                    Refresher.summary(e));
        }
        return values;
    }

    /**
     * The well-formed references of one handler in raw config values. Never throws: a value that cannot be read (the
     * iteration fails) ends the scan with what was found so far.
     */
    static List<ItemReference> references(Iterable<String> rawValues, String handler, List<String> parts) {
        Set<ItemReference> found = new LinkedHashSet<>();
        try {
            for (String value : rawValues) {
                if (value != null && value.contains(handler + "::")) {
                    Matcher m = ANY_EXPRESSION.matcher(value);
                    while (m.find()) {
                        if (m.group(1).equals(handler)) {
                            try {
                                found.add(ItemReference.parse(handler, m.group(2), parts, ""));
                            } catch (IllegalArgumentException e) {
                                // malformed: the handler reports it when the value is read
                            }
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "kvconfig: the configuration could not be read for {0} references: {1}",
                    handler, Refresher.summary(e));
        }
        return List.copyOf(found);
    }

    /**
     * Fetches references at handler creation, one batch per vault; a reference whose vault cannot be opened (unknown
     * alias, bad settings) is left to its first read, which reports why.
     */
    static void prefetch(List<ItemReference> refs,
            Function<ItemReference, ItemVaults.Items<?>> storeOf) {
        Map<String, List<ItemReference>> byVault = new LinkedHashMap<>();
        for (ItemReference ref : refs) {
            byVault.computeIfAbsent(KeyVaultOptions.aliasKey(ref.alias()), a -> new ArrayList<>()).add(ref);
        }
        for (List<ItemReference> group : byVault.values()) {
            try {
                storeOf.apply(group.get(0)).prefetch(ItemVaults.ids(group));
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "kvconfig: {0} not fetched at startup: {1}",
                        group.get(0).expression(), Refresher.summary(e));
            }
        }
    }

    /** The sources of a context that lists them, or null. */
    private static List<ConfigSource> sourcesOf(ConfigSourceContext context) {
        try {
            List<ConfigSource> sources = context.getConfigSources();
            return sources == null || sources.isEmpty() ? null : sources;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static String valueOf(ConfigSource source, String name) {
        try {
            return source.getValue(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static List<ExpiryWatch.Watched> forAlias(List<Found> found, String alias) {
        List<ExpiryWatch.Watched> items = new ArrayList<>();
        for (Found f : found) {
            if (KeyVaultOptions.aliasKey(f.alias()).equals(KeyVaultOptions.aliasKey(alias))) {
                items.add(f.item());
            }
        }
        return List.copyOf(items);
    }

    private static void collect(String value, Set<Found> found) {
        Matcher m = EXPRESSION.matcher(value);
        while (m.find()) {
            boolean key = m.group(1).equals(KeyVaultKeyHandlerFactory.NAME);
            try {
                ItemReference ref = ItemReference.parse(m.group(1), m.group(2),
                        key ? KeyReferenceHandler.PARTS : CertificateReferenceHandler.PARTS, "");
                found.add(new Found(ref.alias(), new ExpiryWatch.Watched(
                        key ? ExpiringItem.Kind.KEY : ExpiringItem.Kind.CERTIFICATE,
                        ref.name().toLowerCase(Locale.ROOT), ref.version())));
            } catch (IllegalArgumentException e) {
                // malformed: the handler reports it when the value is read
            }
        }
    }
}
