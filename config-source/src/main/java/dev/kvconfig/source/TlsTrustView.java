package dev.kvconfig.source;

import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The live trust anchors of a list of vault certificates (their public certificates; no key is read). Each anchor is
 * the latest valid version of its certificate plus the version it replaced, so peers still presenting a certificate
 * issued under the previous anchor keep connecting while they switch; the version before that is dropped. The JDK's
 * PKIX trust manager over these anchors is built once per change on the loading thread and read through one volatile
 * reference by handshakes.
 */
final class TlsTrustView {

    /** One anchor certificate's served and previous version. */
    record Anchor(String name, String version, X509Certificate certificate, X509Certificate previous) {
        @Override
        public String toString() {
            return "Anchor[certificate=" + name + ", version=" + version + "]";
        }
    }

    private record Served(Map<String, Anchor> anchors, X509ExtendedTrustManager trustManager) {
    }

    private final List<String> names;
    private final VaultAccess access;
    private final String where;
    private final AtomicReference<Served> served = new AtomicReference<>();
    private volatile String lastRefusal;
    /** Version last refused per name, so one bad version is logged once; loading thread only. */
    private final Map<String, String> refused = new LinkedHashMap<>();

    /** Loads the current version of each certificate now, on the calling thread. */
    TlsTrustView(List<String> names, VaultAccess access, String where, Instant now) {
        this.names = List.copyOf(names);
        this.access = access;
        this.where = where;
        Map<String, Anchor> anchors = new LinkedHashMap<>();
        for (String name : this.names) {
            KeyVaultCertificate latest = latest(name);
            anchors.put(name, new Anchor(name, version(latest), validate(latest, now), null));
        }
        served.set(new Served(Map.copyOf(anchors), trustManager(anchors)));
    }

    List<Anchor> anchors() {
        Map<String, Anchor> anchors = served.get().anchors();
        return names.stream().map(anchors::get).toList();
    }

    X509ExtendedTrustManager trustManager() {
        return served.get().trustManager();
    }

    Optional<String> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    /**
     * Reads each certificate's latest version; switches to the valid new ones.
     *
     * @return the refusals of new versions (to log once each); empty when all were accepted or unchanged
     * @throws RuntimeException when the vault cannot be read (nothing changed)
     */
    List<String> refresh(Instant now, Runnable onChange) {
        Map<String, Anchor> anchors = new LinkedHashMap<>(served.get().anchors());
        List<String> refusals = new ArrayList<>();
        boolean changed = false;
        for (String name : names) {
            KeyVaultCertificate latest = latest(name);
            String version = version(latest);
            Anchor anchor = anchors.get(name);
            if (version.equals(anchor.version()) || version.equals(refused.get(name))) {
                continue;
            }
            try {
                anchors.put(name, new Anchor(name, version, validate(latest, now), anchor.certificate()));
                refused.remove(name);
                changed = true;
            } catch (IllegalArgumentException e) {
                refused.put(name, version);
                refusals.add(e.getMessage());
            }
        }
        if (changed) {
            served.set(new Served(Map.copyOf(anchors), trustManager(anchors)));
            onChange.run();
        }
        if (!refusals.isEmpty()) {
            lastRefusal = String.join("; ", refusals);
        } else if (changed) {
            lastRefusal = null;
        }
        return refusals;
    }

    private KeyVaultCertificate latest(String name) {
        return access.certificates().getCertificate(name).block();
    }

    private static String version(KeyVaultCertificate certificate) {
        return certificate.getProperties().getVersion();
    }

    private X509Certificate validate(KeyVaultCertificate latest, Instant now) {
        String what = "trust anchor certificate '" + latest.getName() + "' (version " + version(latest) + ") in "
                + where;
        X509Certificate certificate = CertificateParts.bundle(latest.getName(), version(latest), latest.getCer(),
                latest.getSecretId(), what).leaf();
        if (certificate == null) {
            throw new IllegalArgumentException(what + " has no issued X.509 content (e.g. still pending); complete "
                    + "or import the certificate");
        }
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            throw new IllegalArgumentException(what + " expired on " + certificate.getNotAfter().toInstant()
                    + "; an expired anchor validates nothing. Import a valid version");
        }
        return certificate;
    }

    private static X509ExtendedTrustManager trustManager(Map<String, Anchor> anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (Anchor a : anchors.values()) {
                store.setCertificateEntry(a.name() + "/" + a.version(), a.certificate());
                if (a.previous() != null) {
                    store.setCertificateEntry(a.name() + "/previous", a.previous());
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) {
                    return (X509ExtendedTrustManager) tm;
                }
            }
            throw new IllegalStateException("the JDK's PKIX TrustManagerFactory made no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust manager over the vault trust anchors", e);
        }
    }

    @Override
    public String toString() {
        return "TlsTrustView[certificates=" + names + "]";
    }
}
