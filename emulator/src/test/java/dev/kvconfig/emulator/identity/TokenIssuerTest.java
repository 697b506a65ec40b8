package dev.kvconfig.emulator.identity;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TokenIssuerTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** A clock the test moves; local to each test. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(NOW);

        void advance(Duration by) {
            now.updateAndGet(i -> i.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void verify_withinLifetime_acceptsThenRejectsAfterExpiryAndSkew() {
        MovableClock clock = new MovableClock();
        TokenIssuer issuer = new TokenIssuer("t", clock);
        String token = issuer.issue("https://vault.azure.net", "oid", "app", "1");

        assertThat(issuer.verify(token)).isPresent();
        clock.advance(Duration.ofMinutes(64));
        assertThat(issuer.verify(token)).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(issuer.verify(token)).isEmpty();
    }

    @Test
    void verify_tamperedClaims_isRejected() {
        TokenIssuer issuer = new TokenIssuer("t", Clock.fixed(NOW, ZoneOffset.UTC));
        String[] parts = issuer.issue("https://vault.azure.net", "oid", "app", "1").split("\\.");
        String tampered = parts[0] + "." + Jwt.encode("{\"iss\":\"https://sts.windows.net/t/\",\"oid\":\"admin\","
                + "\"exp\":" + (NOW.getEpochSecond() + 60) + "}") + "." + parts[2];

        assertThat(issuer.verify(tampered)).isEmpty();
    }

    @Test
    void jwks_publishesRsaKeyWithKid() {
        TokenIssuer issuer = new TokenIssuer("t", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(issuer.jwks()).contains("\"kty\":\"RSA\"").contains("\"kid\"").contains("\"e\":\"AQAB\"");
    }
}
