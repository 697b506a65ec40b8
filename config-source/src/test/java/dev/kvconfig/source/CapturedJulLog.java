package dev.kvconfig.source;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Takes over one java.util.logging logger while open: its records are kept for the test to assert instead of being
 * printed into the build log. Closing restores the logger.
 */
final class CapturedJulLog implements AutoCloseable {
    private final Logger logger;
    private final boolean parentHandlers;
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

    CapturedJulLog(String loggerName) {
        logger = Logger.getLogger(loggerName);
        parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /**
     * The records so far, after waiting up to {@code wait} for a first one: a logger called from a callback on another
     * thread (Caffeine's, on the HTTP client's thread) may publish just after the caller saw the failure.
     */
    List<LogRecord> records(java.time.Duration wait) throws InterruptedException {
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
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
    }
}
