package dev.kvconfig.micronaut;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Takes over loggers a test provokes on purpose while open: their lines are kept for the test to assert instead of
 * being printed into the build log. SLF4J loggers (the Azure SDK's) through Logback; java.util.logging ones
 * (Caffeine's System.Logger) through a handler. Closing restores both.
 */
final class CapturedLogs implements AutoCloseable {
    /** The Azure SDK logs "Retry attempts have been exhausted" here, at ERROR, when a request finally fails. */
    static final String SDK_RETRY = "com.azure.core.http.policy.RetryPolicy";
    /** Caffeine logs every failed asynchronous load here, at WARNING with the stack trace. */
    static final String CAFFEINE_LOAD = "com.github.benmanes.caffeine.cache.LocalAsyncCache";

    private final Logger slf4j;
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final java.util.logging.Logger jul;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
                records.notifyAll();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Captures {@link #SDK_RETRY} through Logback and {@link #CAFFEINE_LOAD} through java.util.logging. */
    CapturedLogs() {
        slf4j = (Logger) LoggerFactory.getLogger(SDK_RETRY);
        events.start();
        slf4j.addAppender(events);
        slf4j.setAdditive(false);
        jul = java.util.logging.Logger.getLogger(CAFFEINE_LOAD);
        jul.addHandler(handler);
        jul.setUseParentHandlers(false);
    }

    /** The SDK's retry lines so far, as formatted messages with their level. */
    List<String> sdkRetry() {
        return events.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /**
     * Caffeine's records so far, after waiting up to {@code wait} for a first one: Caffeine logs from a callback on the
     * HTTP client's thread, which may run just after the caller saw the failure.
     */
    List<LogRecord> caffeine(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (records) {
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            return List.copyOf(records);
        }
    }

    @Override
    public void close() {
        slf4j.detachAppender(events);
        slf4j.setAdditive(true);
        jul.removeHandler(handler);
        jul.setUseParentHandlers(true);
    }
}
