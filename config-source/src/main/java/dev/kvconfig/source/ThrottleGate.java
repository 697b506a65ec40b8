package dev.kvconfig.source;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * One vault's shared answer to throttling, as an azure-core pipeline policy on every client of a {@link VaultAccess}
 * (list pages, values, keys, certificates): when the vault answers 429, or 503 with {@code Retry-After}, no request of
 * this vault is sent until the {@code Retry-After} has passed, the number of requests in flight is halved, and it grows
 * back by one per round of successes (AIMD). The throttled request is sent again when the gate opens, for as long as
 * its patience ({@link KeyVaultSetting#STARTUP_TIMEOUT} from its first try) lasts; after that the caller sees the 429.
 *
 * <p>It sits per call, above azure-core's {@code RetryPolicy}, which is told not to retry throttling
 * ({@link #sdkRetries}): the SDK's retries are per request, each waiting out its own {@code Retry-After} while the
 * other requests keep using the window, and they stop after {@code keyvault.retry.max-retries}. Other failures
 * (I/O, 5xx without {@code Retry-After}) are still the SDK's to retry. Thread-safe; no request content is logged.
 */
final class ThrottleGate implements HttpPipelinePolicy {

    private static final System.Logger LOG = Refresher.LOG;
    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
    private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

    private final String vault;
    private final int cap;
    private final long patienceNanos;
    private final Duration fallbackBase;
    private final Duration fallbackMax;

    // All guarded by this.
    private int limit;
    private int inFlight;
    private int successes;
    private long gateOpensAt;
    private boolean wakeScheduled;
    private long lastDecreaseAt;
    private int throttledInARow;
    private long throttled;
    private boolean episode;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

    /**
     * @param vault for the log line, e.g. {@code default (https://…/)}
     * @param cap requests in flight when not throttled: enough never to bind then
     * @param patience how long one call may wait through throttling, from its first try
     * @param fallbackBase first wait after a 429 without {@code Retry-After}, doubled per further one up to {@code fallbackMax}
     */
    ThrottleGate(String vault, int cap, Duration patience, Duration fallbackBase, Duration fallbackMax) {
        this.vault = vault;
        this.cap = cap;
        this.limit = cap;
        this.patienceNanos = patience.toNanos();
        this.fallbackBase = fallbackBase;
        this.fallbackMax = fallbackMax;
        this.lastDecreaseAt = System.nanoTime();
        this.gateOpensAt = lastDecreaseAt;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    /** Throttled answers seen so far (429, or 503 with {@code Retry-After}); loads compare it before and after. */
    synchronized long throttledCount() {
        return throttled;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest original = context.getHttpRequest();
        return Mono.defer(() -> attempt(context, next, original, System.nanoTime() + patienceNanos));
    }

    private Mono<HttpResponse> attempt(HttpPipelineCallContext context, HttpPipelineNextPolicy next,
            HttpRequest original, long deadline) {
        return Mono.<Ticket>create(this::enter).flatMap(ticket -> {
            context.setHttpRequest(original.copy());
            return next.clone().process()
                    // After an answer the ticket is already given back (succeeded, throttled): a no-op then. Without
                    // one (an error, a cancel, an empty completion) the permit goes back unchanged.
                    .doFinally(signal -> ticket.leave())
                    .flatMap(response -> {
                        Duration wait = throttleDelay(response);
                        if (wait == null) {
                            ticket.succeeded();
                            return Mono.just(response);
                        }
                        long opensAt = ticket.throttled(wait, response.getStatusCode());
                        if (opensAt >= deadline) {
                            // Patience spent: the caller sees the 429 (with its body) and names the setting.
                            return Mono.just(response);
                        }
                        // The SDK reads answers eagerly, so closing only releases the buffer (or the connection).
                        response.close();
                        return attempt(context, next, original, deadline);
                    });
        });
    }

    /**
     * Whether azure-core's own retry policy may retry this answer: as its default (408, 5xx but 501 and 505, and any
     * exception), except throttling, which this gate retries for the whole vault.
     */
    static boolean sdkRetries(HttpResponse response, Throwable error) {
        if (response == null) {
            return error instanceof Exception;
        }
        int status = response.getStatusCode();
        if (isThrottle(response)) {
            return false;
        }
        return status == 408 || (status >= 500 && status != 501 && status != 505);
    }

    private static boolean isThrottle(HttpResponse response) {
        int status = response.getStatusCode();
        return status == 429 || (status == 503 && retryAfter(response.getHeaders()) != null);
    }

    /** How long to keep the gate shut after this answer, or null when it is not a throttle. */
    private Duration throttleDelay(HttpResponse response) {
        if (!isThrottle(response)) {
            return null;
        }
        Duration d = retryAfter(response.getHeaders());
        if (d != null) {
            return d;
        }
        synchronized (this) {
            int shift = Math.min(throttledInARow, 20);
            Duration exp = fallbackBase.multipliedBy(1L << shift);
            return exp.compareTo(fallbackMax) > 0 ? fallbackMax : exp;
        }
    }

    /** {@code retry-after-ms}, {@code x-ms-retry-after-ms} (milliseconds) or {@code Retry-After} (seconds or a date). */
    static Duration retryAfter(HttpHeaders headers) {
        for (HttpHeaderName name : List.of(RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS)) {
            String ms = headers.getValue(name);
            if (ms != null) {
                try {
                    return Duration.ofMillis(Math.max(0, Long.parseLong(ms.trim())));
                } catch (NumberFormatException e) {
                    // try the next form
                }
            }
        }
        String text = headers.getValue(HttpHeaderName.RETRY_AFTER);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    /** Admits a call now, or queues it until a permit is free and the gate is open. */
    private void enter(MonoSink<Ticket> sink) {
        Waiter w = new Waiter(sink);
        boolean now;
        synchronized (this) {
            long t = System.nanoTime();
            now = waiting.isEmpty() && admissible(t);
            if (now) {
                inFlight++;
                w.ticket = new Ticket(t);
            } else {
                waiting.add(w);
                scheduleWake();
            }
        }
        sink.onCancel(() -> cancelled(w));
        if (now) {
            w.grant(w.ticket);
        }
    }

    private boolean admissible(long now) {
        return now - gateOpensAt >= 0 && inFlight < limit;
    }

    private void cancelled(Waiter w) {
        Ticket granted;
        synchronized (this) {
            if (waiting.remove(w)) {
                return;
            }
            granted = w.ticket;
        }
        if (granted != null) {
            // Granted while the subscriber went away: the permit is handed on.
            granted.leave();
        }
    }

    /** Hands free permits to waiting calls, in order, once the gate is open; completes them outside the lock. */
    private void dispatch() {
        List<Waiter> admitted = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            while (!waiting.isEmpty() && admissible(now)) {
                Waiter w = waiting.poll();
                inFlight++;
                w.ticket = new Ticket(now);
                admitted.add(w);
            }
            scheduleWake();
        }
        for (Waiter w : admitted) {
            w.grant(w.ticket);
        }
    }

    /** While calls wait for a shut gate, one timer opens it. Guarded by this. */
    private void scheduleWake() {
        long now = System.nanoTime();
        if (waiting.isEmpty() || wakeScheduled || now - gateOpensAt >= 0) {
            return;
        }
        wakeScheduled = true;
        Schedulers.parallel().schedule(() -> {
            synchronized (this) {
                wakeScheduled = false;
            }
            dispatch();
        }, gateOpensAt - now, TimeUnit.NANOSECONDS);
    }

    private final class Waiter {
        final MonoSink<Ticket> sink;
        Ticket ticket; // guarded by ThrottleGate.this

        Waiter(MonoSink<Ticket> sink) {
            this.sink = sink;
        }

        void grant(Ticket t) {
            sink.success(t);
        }
    }

    /** One permit: given back exactly once, with what its request met. */
    private final class Ticket {
        final long sentAt;
        private final AtomicBoolean done = new AtomicBoolean();

        Ticket(long sentAt) {
            this.sentAt = sentAt;
        }

        /** Cancelled or failed without an answer: the permit goes back, the limit stays. */
        void leave() {
            if (done.compareAndSet(false, true)) {
                synchronized (ThrottleGate.this) {
                    inFlight--;
                }
                dispatch();
            }
        }

        /** Additive increase: one more permit per {@code limit} answers, up to the cap. */
        void succeeded() {
            if (done.compareAndSet(false, true)) {
                boolean calm = false;
                synchronized (ThrottleGate.this) {
                    inFlight--;
                    throttledInARow = 0;
                    if (limit < cap && ++successes >= limit) {
                        limit++;
                        successes = 0;
                        if (limit == cap && episode) {
                            episode = false;
                            calm = true;
                        }
                    }
                }
                if (calm) {
                    LOG.log(Level.DEBUG, "kvconfig: vault {0} no longer throttles; back to {1} requests at once",
                            vault, cap);
                }
                dispatch();
            }
        }

        /**
         * Shuts the gate for {@code wait} and, once per throttling round (for requests sent after the last decrease),
         * halves the limit; returns when the gate opens.
         */
        long throttled(Duration wait, int status) {
            long opensAt;
            boolean started = false;
            int newLimit;
            synchronized (ThrottleGate.this) {
                long now = System.nanoTime();
                if (done.compareAndSet(false, true)) {
                    inFlight--;
                }
                throttled++;
                throttledInARow++;
                long until = now + wait.toNanos();
                if (until - gateOpensAt > 0) {
                    gateOpensAt = until;
                }
                if (sentAt - lastDecreaseAt >= 0) {
                    limit = Math.max(1, limit / 2);
                    successes = 0;
                    lastDecreaseAt = now;
                }
                if (!episode) {
                    episode = true;
                    started = true;
                }
                opensAt = gateOpensAt;
                newLimit = limit;
            }
            if (started) {
                LOG.log(Level.INFO, "kvconfig: vault {0} is throttling (HTTP {1}); waiting {2} ms as it asks, then "
                        + "sending at most {3} requests at once until it stops", vault, Integer.toString(status),
                        wait.toMillis(), newLimit);
            }
            dispatch();
            return opensAt;
        }
    }
}
