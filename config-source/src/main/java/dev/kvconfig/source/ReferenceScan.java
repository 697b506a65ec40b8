package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Finds the key and certificate references in the raw values of the config's sources, so each vault source can watch
 * their expiry. The handlers that resolve them are built by SmallRye apart from the sources and share nothing with them;
 * reading the references from the raw values (never expanding them, so no handler runs) is how the source learns them.
 * Malformed references are skipped here: resolving them reports the error. A source that cannot list or read its
 * values is logged once at WARNING: the expiry of what it references goes unwatched.
 */
final class ReferenceScan {

    private static final System.Logger LOG = Refresher.LOG;

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(" + KeyVaultKeyHandlerFactory.NAME + "|"
            + KeyVaultCertificateHandlerFactory.NAME + ")::([^}]*)}");

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
                LOG.log(System.Logger.Level.WARNING, "kvconfig: could not read the Key Vault key and certificate "
                        + "references in config source {0}: {1}; the expiry of the keys and certificates it references "
                        + "is not watched", source.getName(), Refresher.summary(e));
            }
        }
        return List.copyOf(found);
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
