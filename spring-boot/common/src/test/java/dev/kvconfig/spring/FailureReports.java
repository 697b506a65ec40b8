package dev.kvconfig.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Boot's failure reports ("APPLICATION FAILED TO START"), as the test logging configuration ({@code logback-test.xml})
 * keeps them instead of printing them, in order; read them after the failed start. Reloading the logging configuration
 * (Boot does it on each startup that gets that far) starts a new list.
 */
final class FailureReports {

    private static final String REPORTER = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

    private FailureReports() {
    }

    /** The reports kept since the logging configuration was last loaded, in order; empty if none. */
    static List<String> kept() {
        Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(REPORTER);
        if (!(logger.getAppender("FAILURE_REPORTS") instanceof ListAppender<ILoggingEvent> reports)) {
            throw new IllegalStateException("logback-test.xml does not keep the failure reports of " + REPORTER);
        }
        return reports.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The newest report. */
    static String last() {
        List<String> reports = kept();
        if (reports.isEmpty()) {
            throw new IllegalStateException("no failure report was logged");
        }
        return reports.get(reports.size() - 1);
    }
}
