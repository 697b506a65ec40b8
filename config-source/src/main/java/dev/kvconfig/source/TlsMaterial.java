package dev.kvconfig.source;

import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS key material and trust anchors from Key Vault certificates, kept current by a {@link KeyVaultConfigSource}'s
 * refresh: hand {@link #keyManager()} and {@link #trustManager()} to an {@code SSLContext} once, and its new handshakes
 * present a renewed certificate and trust rotated anchors without a restart. Nothing is installed in the JVM (no
 * security provider, no system property). Callers: applications and the framework adapters (Spring SSL bundles, the
 * Quarkus TLS registry).
 *
 * <pre>{@code
 * TlsMaterial tls = TlsMaterial.builder(source).certificate("web-tls").trust("client-ca").build();
 * SSLContext context = SSLContext.getInstance("TLS");
 * context.init(new KeyManager[] {tls.keyManager()}, new TrustManager[] {tls.trustManager()}, null);
 * }</pre>
 *
 * <p>The certificate's private key and chain come from its backing secret (PKCS#12 or PEM, as Key Vault stores them),
 * so the certificate's key must be exportable and the source's identity needs {@code get} on certificates and secrets.
 * {@link TlsMaterial.Builder#build()} reads them on the calling thread. After each successful refresh of the source, on
 * its refresher thread, one metadata request per certificate finds the latest version; a new version of the certificate
 * is read (its backing secret) and validated; a valid one serves the next handshakes, and change listeners are told.
 *
 * <p>On failure: a new version without a private key, outside its validity, with a key that does not match or with a
 * different key type than the served one is refused: one WARNING names it and why, {@link #status()} carries the
 * reason, and the last good material keeps serving. A vault that cannot be read changes nothing (the source's status
 * reports that). An expired or pending trust anchor version is refused the same way.
 *
 * <p>Thread-safe. The managers do no I/O: handshakes read one volatile reference. {@link #toString()} and the status
 * show names, versions, subjects, serials and dates, never key material.
 */
public final class TlsMaterial implements AutoCloseable {

    private static final System.Logger LOG = Refresher.LOG;
    /** Key Vault's certificate names: 1 to 127 letters, digits and dashes. */
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");

    private final KeyVaultConfigSource source;
    private final String name;
    private final TlsCertificateView certificate;
    private final TlsTrustView trust;
    private final ReloadingKeyManager keyManager;
    private final ReloadingTrustManager trustManager;
    private final Clock clock;
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable refreshTask = this::refresh;

    private TlsMaterial(Builder b) {
        this.source = b.source;
        this.name = b.name != null ? b.name : b.certificate != null ? b.certificate : "trust-" + String.join("-", b.trust);
        this.clock = b.clock;
        String where = "vault " + source.alias() + " (" + source.vaultUrl() + ")";
        Instant now = clock.instant();
        this.certificate = b.certificate == null ? null : open(() -> new TlsCertificateView(b.certificate,
                source.access(), where, now), "certificate '" + b.certificate + "'", where);
        this.trust = b.trust.isEmpty() ? null : open(() -> new TlsTrustView(List.copyOf(b.trust), source.access(),
                where, now), "trust anchor certificates " + b.trust, where);
        this.keyManager = certificate == null ? null : new ReloadingKeyManager(certificate);
        this.trustManager = trust == null ? null : new ReloadingTrustManager(trust);
        source.afterEachLoad(refreshTask);
        source.reportTls(name, this);
    }

    private static <T> T open(Supplier<T> read, String what, String where) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TLS material from " + what + " in " + where + " refused at startup: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("TLS material from " + what + " in " + where + " could not be read at "
                    + "startup: " + Refresher.summary(e) + ". Check that the certificate exists and that the identity "
                    + "has 'get' on certificates and secrets", e);
        }
    }

    /**
     * A builder over this source's vault and credential.
     *
     * @throws NullPointerException if {@code source} is null
     */
    public static Builder builder(KeyVaultConfigSource source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    /**
     * The key manager presenting the certificate's current version; one instance, for any number of contexts.
     *
     * @throws IllegalStateException when the builder named no {@link Builder#certificate(String) certificate}
     */
    public X509ExtendedKeyManager keyManager() {
        if (keyManager == null) {
            throw new IllegalStateException("this TlsMaterial has no certificate; name one with Builder.certificate");
        }
        return keyManager;
    }

    /**
     * The trust manager over the anchors' current versions (and the versions they replaced), validating as the JDK's
     * PKIX trust manager does; one instance, for any number of contexts.
     *
     * @throws IllegalStateException when the builder named no {@link Builder#trust(String...) trust anchors}
     */
    public X509ExtendedTrustManager trustManager() {
        if (trustManager == null) {
            throw new IllegalStateException("this TlsMaterial has no trust anchors; name them with Builder.trust");
        }
        return trustManager;
    }

    /** What is served now and the last refusal; no I/O. */
    public Status status() {
        Optional<Served> served = certificate == null ? Optional.empty()
                : Optional.of(Served.of(certificate.name(), certificate.current().version,
                        certificate.current().leaf()));
        List<Served> anchors = trust == null ? List.of()
                : trust.anchors().stream().map(a -> Served.of(a.name(), a.version(), a.certificate())).toList();
        List<String> refusals = new ArrayList<>();
        if (certificate != null) {
            certificate.lastRefusal().ifPresent(refusals::add);
        }
        if (trust != null) {
            trust.lastRefusal().ifPresent(refusals::add);
        }
        return new Status(served, anchors,
                refusals.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", refusals)));
    }

    /** Registers a listener told, on the refresher thread, after the served certificate or an anchor changed. */
    public void addChangeListener(Consumer<Status> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeChangeListener(Consumer<Status> listener) {
        listeners.remove(listener);
    }

    /** Stops following the source's refresh; the managers keep serving the last material. Idempotent. */
    @Override
    public void close() {
        source.removeAfterEachLoad(refreshTask);
        source.reportRefused(statusKey(), null);
        source.reportTls(name, null);
    }

    /** Runs on the source's loading thread after each successful load; never throws. */
    private void refresh() {
        Instant now = clock.instant();
        boolean changed = false;
        // Trust first: a peer of this process that renews in the same cycle is then already trusted.
        if (trust != null) {
            try {
                boolean[] trustChanged = {false};
                for (String refusal : trust.refresh(now, () -> trustChanged[0] = true)) {
                    LOG.log(Level.WARNING, "kvconfig: TLS trust anchor refused, still trusting the served versions: "
                            + "{0}", refusal);
                }
                if (trustChanged[0]) {
                    changed = true;
                    LOG.log(Level.INFO, "kvconfig: TLS trust anchors now {0}", describe(trust.anchors()));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "kvconfig: TLS trust anchors {0} not refreshed: {1}", trust,
                        Refresher.summary(e));
            }
        }
        if (certificate != null) {
            try {
                if (certificate.refresh(now)) {
                    changed = true;
                    X509Certificate leaf = certificate.current().leaf();
                    LOG.log(Level.INFO, "kvconfig: TLS certificate ''{0}'' now serves version {1} (serial {2}, "
                            + "not after {3}) on new handshakes", certificate.name(), certificate.current().version,
                            serial(leaf), leaf.getNotAfter().toInstant());
                }
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "kvconfig: TLS certificate refused, still serving version {0} (vault {1}): {2}",
                        certificate.current().version, source.alias(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "kvconfig: TLS certificate ''{0}'' not refreshed: {1}", certificate.name(),
                        Refresher.summary(e));
            }
        }
        // The source's status (and so every adapter's health) shows a refused version next to the credentials views'.
        source.reportRefused(statusKey(), status().lastRefusal().orElse(null));
        if (changed) {
            Status status = status();
            for (Consumer<Status> l : listeners) {
                try {
                    l.accept(status);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "kvconfig: TLS change listener {0} failed with {1}", l.getClass().getName(),
                            e.getClass().getName());
                }
            }
        }
    }

    /** This material's entry in the source's refusals. */
    private String statusKey() {
        return "tls " + name;
    }

    /** The name health reports it under: {@link Builder#name}, else the certificate's name. */
    public String name() {
        return name;
    }

    private static String describe(List<TlsTrustView.Anchor> anchors) {
        return anchors.stream().map(a -> a.name() + " version " + a.version() + " (serial "
                + serial(a.certificate()) + ")").toList().toString();
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The certificate and anchors served, by name and version; never key material. */
    @Override
    public String toString() {
        return "TlsMaterial[name=" + name + ", vault=" + source.alias() + (certificate == null ? "" : ", certificate="
                + certificate.name() + "/" + certificate.current().version) + (trust == null ? ""
                        : ", trust=" + trust.anchors().stream().map(a -> a.name() + "/" + a.version()).toList()) + "]";
    }

    /**
     * One certificate version in use, for health details.
     *
     * @param certificate the vault certificate's name
     * @param version its version
     * @param subject the subject DN (RFC 2253)
     * @param serialNumber the serial number, upper-case hex
     * @param notAfter the end of its validity
     */
    public record Served(String certificate, String version, String subject, String serialNumber, Instant notAfter) {
        public Served {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(serialNumber, "serialNumber");
            Objects.requireNonNull(notAfter, "notAfter");
        }

        static Served of(String name, String version, X509Certificate certificate) {
            return new Served(name, version, certificate.getSubjectX500Principal().getName(), serial(certificate),
                    certificate.getNotAfter().toInstant());
        }
    }

    /**
     * What a {@link TlsMaterial} serves at one moment, immutable.
     *
     * @param certificate the certificate presented on new handshakes; empty without {@link Builder#certificate}
     * @param trust the trust anchors' current versions, in the order named
     * @param lastRefusal why the newest versions were refused (certificate, anchors); empty when the newest serve
     */
    public record Status(Optional<Served> certificate, List<Served> trust, Optional<String> lastRefusal) {
        public Status {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(lastRefusal, "lastRefusal");
            trust = List.copyOf(trust);
        }
    }

    /** Validating builder; not thread-safe. */
    public static final class Builder {
        private final KeyVaultConfigSource source;
        private String name;
        private String certificate;
        private final Set<String> trust = new LinkedHashSet<>();
        private Clock clock = Clock.systemUTC();

        private Builder(KeyVaultConfigSource source) {
            this.source = source;
        }

        /**
         * The vault certificate whose key and chain the key manager presents.
         *
         * @throws IllegalArgumentException if the name is not a Key Vault certificate name (1-127 letters, digits, -)
         */
        public Builder certificate(String name) {
            this.certificate = checkName(name, "certificate");
            return this;
        }

        /**
         * Vault certificates the trust manager trusts (their public certificates; a CA, or a peer's certificate to
         * pin); adds to those named before.
         *
         * @throws IllegalArgumentException if a name is not a Key Vault certificate name
         */
        public Builder trust(String... names) {
            Objects.requireNonNull(names, "names");
            for (String name : names) {
                trust.add(checkName(name, "trust"));
            }
            return this;
        }

        /**
         * The name {@link KeyVaultConfigSource#status()} reports this material under (the framework's TLS
         * configuration, e.g. a Spring SSL bundle); default: the certificate's name. One name per source: a second
         * material of the same name replaces the first in the status.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: '" + name + "' is blank; name the TLS configuration");
            }
            this.name = name;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        private static String checkName(String name, String what) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(what + ": '" + name + "' is not a Key Vault certificate name; use 1 "
                        + "to 127 letters, digits and dashes, as the certificate is named in the vault");
            }
            return name;
        }

        /**
         * Reads and validates the certificate and anchors now, on the calling thread, and follows the source's refresh.
         *
         * @throws IllegalStateException if neither a certificate nor trust anchors are named; or, naming the
         *     certificate and the vault, if one cannot be read or cannot serve TLS (a non-exportable key, expired, no
         *     issued content)
         */
        public TlsMaterial build() {
            if (certificate == null && trust.isEmpty()) {
                throw new IllegalStateException("TlsMaterial needs a certificate, trust anchors or both");
            }
            return new TlsMaterial(this);
        }
    }
}
