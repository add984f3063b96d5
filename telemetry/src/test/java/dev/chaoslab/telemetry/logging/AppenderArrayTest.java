package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-line chain check of {@link ShippedAccessLog} reads the array logback appends through: it is read (not the
 * iterating fallback) with the logback this project ships, and it is a new array exactly when the appenders change.
 */
class AppenderArrayTest {

    @Test
    @DisplayName("a logger's appender array is readable, kept while nothing changes and replaced by every change")
    void arrayChangesExactlyWithTheAppenders() {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("array-test");
        Object[] none = ShippedAccessLog.appenderArray(logger);
        assertThat(none).as("readable through logback's fields").isNotNull().isEmpty();

        AppenderBase<ILoggingEvent> first = appender(context, "first");
        logger.addAppender(first);
        Object[] one = ShippedAccessLog.appenderArray(logger);
        assertThat(one).containsExactly(first);
        assertThat(ShippedAccessLog.appenderArray(logger)).isSameAs(one);
        logger.info("logback itself appends through the same array");
        assertThat(ShippedAccessLog.appenderArray(logger)).isSameAs(one);

        AppenderBase<ILoggingEvent> second = appender(context, "second");
        logger.addAppender(second);
        Object[] two = ShippedAccessLog.appenderArray(logger);
        assertThat(two).isNotSameAs(one).containsExactly(first, second);

        logger.detachAppender(second);
        Object[] again = ShippedAccessLog.appenderArray(logger);
        assertThat(again).isNotSameAs(two).isNotSameAs(one).containsExactly(first);

        logger.detachAndStopAllAppenders();
        assertThat(ShippedAccessLog.appenderArray(logger)).isNotSameAs(again).isEmpty();
        context.stop();
    }

    private static AppenderBase<ILoggingEvent> appender(LoggerContext context, String name) {
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {}
        };
        appender.setContext(context);
        appender.setName(name);
        appender.start();
        return appender;
    }
}
