package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterAttachable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/**
 * Tells when the access log may skip logback's event: only when the {@code access} logger's chain is exactly the
 * shipped one of {@code logback.xml} — not additive, one appender, an {@link AsyncLogAppender} in front of one
 * {@link StdoutBatchAppender} with a {@link JsonLineEncoder}, no filters, no turbo filter but
 * {@link KnownNoiseFilter} — and the logging thread's MDC is empty. Then the line is captured as an
 * {@link AccessLine} and encoded by {@link AccessLineEncoder} into the same bytes the event would have become.
 * Anything else (a user's {@code logback.xml}, an appender a test attached) keeps the event path.
 *
 * <p>Checked per line (a few field reads), so that a chain changed at run time takes effect at once.
 */
public final class ShippedAccessLog {

    private ShippedAccessLog() {}

    /**
     * The appender to give the calling thread's next access line to with
     * {@link AsyncLogAppender#appendAccessLine(AccessLine)}, or {@code null} when the line must be logged as an
     * event. Call it after {@code logger.isInfoEnabled()}.
     */
    public static AsyncLogAppender appender(Logger logger) {
        if (!(logger instanceof ch.qos.logback.classic.Logger access) || access.isAdditive()) {
            return null;
        }
        Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> appenders = access.iteratorForAppenders();
        if (!appenders.hasNext()
                || !(appenders.next() instanceof AsyncLogAppender async)
                || appenders.hasNext()
                || !async.takesAccessLines()) {
            return null;
        }
        LoggerContext context = access.getLoggerContext();
        return onlyKnownTurboFilters(context.getTurboFilterList()) && emptyMdc(context.getMDCAdapter()) ? async : null;
    }

    private static boolean onlyKnownTurboFilters(List<TurboFilter> filters) {
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i).getClass() != KnownNoiseFilter.class) {
                return false;
            }
        }
        return true;
    }

    private static boolean emptyMdc(MDCAdapter adapter) {
        if (!(adapter instanceof LogbackMDCAdapter logback)) {
            return false;
        }
        Map<String, String> mdc = logback.getPropertyMap();
        return mdc == null || mdc.isEmpty();
    }

    /** {@code true} when {@code appender} is exactly the shipped stdout appender: our encoder, no filter. */
    static boolean isShippedStdout(Appender<?> appender) {
        return appender != null
                && appender.getClass() == StdoutBatchAppender.class
                && ((StdoutBatchAppender) appender).getEncoder() instanceof JsonLineEncoder encoder
                && encoder.getClass() == JsonLineEncoder.class
                && encoder.getPrefix() == null
                && encoder.getSuffix() == null
                && noFilters(appender);
    }

    static boolean noFilters(FilterAttachable<?> attachable) {
        return attachable.getCopyOfAttachedFiltersList().isEmpty();
    }
}
