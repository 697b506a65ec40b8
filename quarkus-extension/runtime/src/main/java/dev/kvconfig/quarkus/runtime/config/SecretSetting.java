package dev.kvconfig.quarkus.runtime.config;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * A password-type key ({@code credential.client-secret}, {@code credential.certificate-password},
 * {@code credential.token}, {@code tls.trust-store-password}) as the runtime config mapping keeps it: that it is set, never
 * its value. The key stays declared (documented, and not reported as unknown), while the core reads the value from the
 * config only when it builds the credential or opens the trust store, as SmallRye's keystore source and quarkus-vault
 * do for their passwords.
 */
public final class SecretSetting {

    /** The one value: set. */
    public static final SecretSetting SET = new SecretSetting();

    private SecretSetting() {
    }

    @Override
    public String toString() {
        return "<set>";
    }

    /** Turns any text into {@link #SET}, dropping it. */
    public static final class Presence implements Converter<SecretSetting> {
        @Override
        public SecretSetting convert(String value) {
            return SET;
        }
    }
}
