package dev.kvconfig.micronaut;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.slf4j.LoggerFactory;

/**
 * Routes the core's log lines to SLF4J, so they come out through the application's logback (or other SLF4J binding)
 * with its format, levels and appenders. The core logs through {@code System.Logger} (logger
 * {@value #CORE_LOGGER}), which the JDK backs with {@code java.util.logging}; Micronaut does not bridge JUL. This adds
 * one handler to that JUL logger only, stops it from also printing through JUL's console handler, and sets its level
 * from the SLF4J logger of the same name (DEBUG enabled there turns on the core's per-cycle lines). Idempotent.
 *
 * <p>With a custom {@code System.LoggerFinder} (e.g. log4j-jpl) the core's lines never reach JUL and this changes
 * nothing.
 */
final class CoreLogging {

    static final String CORE_LOGGER = "dev.kvconfig.source";

    /** Kept strongly: JUL holds loggers weakly, and a collected logger would lose the handler and level. */
    private static final Logger JUL = Logger.getLogger(CORE_LOGGER);

    private CoreLogging() {
    }

    static synchronized void routeToSlf4j() {
        for (Handler h : JUL.getHandlers()) {
            if (h instanceof ToSlf4j) {
                return;
            }
        }
        org.slf4j.Logger slf4j = LoggerFactory.getLogger(CORE_LOGGER);
        JUL.setLevel(slf4j.isTraceEnabled() ? Level.FINEST : slf4j.isDebugEnabled() ? Level.FINE : Level.INFO);
        JUL.addHandler(new ToSlf4j());
        JUL.setUseParentHandlers(false);
    }

    /** One JUL record to the SLF4J logger of the same name, at the matching level, message formatted as JUL would. */
    private static final class ToSlf4j extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record == null) {
                return;
            }
            org.slf4j.Logger target = LoggerFactory.getLogger(record.getLoggerName() == null ? CORE_LOGGER
                    : record.getLoggerName());
            String message = formatter.formatMessage(record);
            int level = record.getLevel().intValue();
            if (level >= Level.SEVERE.intValue()) {
                target.error(message, record.getThrown());
            } else if (level >= Level.WARNING.intValue()) {
                target.warn(message, record.getThrown());
            } else if (level >= Level.INFO.intValue()) {
                target.info(message, record.getThrown());
            } else if (level >= Level.FINE.intValue()) {
                target.debug(message, record.getThrown());
            } else {
                target.trace(message, record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
