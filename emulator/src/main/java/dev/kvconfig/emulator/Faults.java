package dev.kvconfig.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults the emulator injects into vault requests (not into the identity or admin servers). Immutable.
 *
 * <ul>
 *   <li>{@code latency}: every request waits this long before it is handled.</li>
 *   <li>{@code outage}: every connection is closed after the TLS handshake without a response; clients see a
 *       connection reset / premature close (an {@code IOException}). The ports stay bound.</li>
 *   <li>{@code errorRate}: that fraction of requests (0..1) gets 500 InternalServerError or 503 ServiceUnavailable, at
 *       random.</li>
 *   <li>{@code throttle}: a fixed window of {@code per}; once {@code requests} requests were served in the window, the
 *       rest get 429 Throttled with {@code Retry-After} (seconds to the window's end). 429s do not use up the budget.</li>
 * </ul>
 *
 * @param latency   added per request, never null, not negative
 * @param outage    refuse service
 * @param errorRate 0.0 to 1.0
 * @param throttle  the request budget, or null for none
 */
public record Faults(Duration latency, boolean outage, double errorRate, Throttle throttle) {

    public Faults {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException("errorRate must be between 0.0 and 1.0, got " + errorRate);
        }
    }

    /** No faults. */
    public static Faults none() {
        return new Faults(Duration.ZERO, false, 0.0, null);
    }

    /** Only latency. */
    public static Faults latency(Duration d) {
        return new Faults(d, false, 0.0, null);
    }

    /**
     * Only an outage. (CONTEXT.md names this {@code outage()}, but a record cannot have a static method with the
     * signature of its {@code outage()} accessor, so the factory is {@code outageOnly()}.)
     */
    public static Faults outageOnly() {
        return new Faults(Duration.ZERO, true, 0.0, null);
    }

    /** Only random 500/503 answers at this rate (0..1). */
    public static Faults errorRate(double r) {
        return new Faults(Duration.ZERO, false, r, null);
    }

    /** Only throttling: {@code requests} per window of {@code per}. */
    public static Faults throttle(int requests, Duration per) {
        return new Faults(Duration.ZERO, false, 0.0, new Throttle(requests, per));
    }

    /**
     * A request budget per window.
     *
     * @param requests requests allowed per window, at least 1
     * @param per      the window, positive
     */
    public record Throttle(int requests, Duration per) {
        public Throttle {
            if (requests < 1) {
                throw new IllegalArgumentException("throttle requests must be at least 1, got " + requests);
            }
            Objects.requireNonNull(per, "per");
            if (per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("throttle window must be positive, got " + per);
            }
        }
    }
}
