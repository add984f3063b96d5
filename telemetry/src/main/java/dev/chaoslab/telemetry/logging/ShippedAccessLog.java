package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterAttachable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>The answer is kept and used again until the chain changes. Changes this class is told of — appenders attached
 * to or detached from, filters added to, or the starting or stopping of an {@link AsyncLogAppender} or a
 * {@link StdoutBatchAppender}, and a reset, start or stop of the logger context (a new configuration) — drop it;
 * what logback does not report (the logger's additivity and appenders, the context's turbo filters) is compared with
 * what the answer was given for on every line, by identity. So a chain changed at run time takes effect at the next
 * line logged after the change, and a line costs a few field reads and the MDC's look-up.
 */
public final class ShippedAccessLog {

    private static final AtomicInteger CHANGES = new AtomicInteger();
    private static volatile Verdict verdict;

    private ShippedAccessLog() {}

    /**
     * The appender to give the calling thread's next access line to with
     * {@link AsyncLogAppender#appendAccessLine(AccessLine)}, or {@code null} when the line must be logged as an
     * event. Call it after {@code logger.isInfoEnabled()}.
     */
    public static AsyncLogAppender appender(Logger logger) {
        Verdict known = verdict;
        if (known == null || known.logger != logger || known.changes != CHANGES.get() || !known.stillHolds()) {
            known = decide(logger);
            verdict = known;
        }
        return known.async != null && emptyMdc(known.mdc) ? known.async : null;
    }

    /** Drops the kept answer: for the appenders of the chain, when they are changed. */
    static void chainChanged() {
        CHANGES.incrementAndGet();
    }

    private static Verdict decide(Logger logger) {
        int changes = CHANGES.get(); // before looking: a change while deciding makes the answer stale at once
        if (!(logger instanceof ch.qos.logback.classic.Logger access)) {
            return new Verdict(logger, changes, null, null, false, new Appender<?>[0], new TurboFilter[0], null);
        }
        LoggerContext context = access.getLoggerContext();
        ChangeListener.registerOn(context);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>(1);
        access.iteratorForAppenders().forEachRemaining(appenders::add);
        List<TurboFilter> turboFilters = context.getTurboFilterList();
        TurboFilter[] turboSnapshot = turboFilters.toArray(new TurboFilter[0]);
        boolean additive = access.isAdditive();
        MDCAdapter mdc = context.getMDCAdapter();
        AsyncLogAppender async = !additive
                        && appenders.size() == 1
                        && appenders.get(0) instanceof AsyncLogAppender only
                        && only.takesAccessLines()
                        && onlyKnownTurboFilters(turboSnapshot)
                        && mdc instanceof LogbackMDCAdapter
                ? only
                : null;
        return new Verdict(
                logger,
                changes,
                async,
                access,
                additive,
                appenders.toArray(new Appender<?>[0]),
                turboSnapshot,
                mdc instanceof LogbackMDCAdapter logback ? logback : null);
    }

    private static boolean onlyKnownTurboFilters(TurboFilter[] filters) {
        for (TurboFilter filter : filters) {
            if (filter.getClass() != KnownNoiseFilter.class) {
                return false;
            }
        }
        return true;
    }

    private static boolean emptyMdc(LogbackMDCAdapter adapter) {
        if (adapter == null) {
            return false;
        }
        Map<String, String> mdc = adapter.getPropertyMap();
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

    /**
     * The answer for one logger, and what logback does not report a change of, as it was when it was given: the
     * logger's additivity and appenders and the context's turbo filters.
     */
    private record Verdict(
            Logger logger,
            int changes,
            AsyncLogAppender async,
            ch.qos.logback.classic.Logger access,
            boolean additive,
            Appender<?>[] appenders,
            TurboFilter[] turboFilters,
            LogbackMDCAdapter mdc) {

        boolean stillHolds() {
            if (access == null) {
                return true;
            }
            if (access.isAdditive() != additive) {
                return false;
            }
            Iterator<Appender<ILoggingEvent>> now = access.iteratorForAppenders();
            for (Appender<?> appender : appenders) {
                if (!now.hasNext() || now.next() != appender) {
                    return false;
                }
            }
            if (now.hasNext()) {
                return false;
            }
            List<TurboFilter> filters = access.getLoggerContext().getTurboFilterList();
            if (filters.size() != turboFilters.length) {
                return false;
            }
            for (int i = 0; i < turboFilters.length; i++) {
                if (filters.get(i) != turboFilters[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Drops the kept answer when a logger context is reset (reconfigured), started or stopped. */
    private static final class ChangeListener implements LoggerContextListener {

        static synchronized void registerOn(LoggerContext context) {
            for (LoggerContextListener listener : context.getCopyOfListenerList()) {
                if (listener instanceof ChangeListener) {
                    return;
                }
            }
            context.addListener(new ChangeListener());
        }

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onStart(LoggerContext context) {
            chainChanged();
        }

        @Override
        public void onReset(LoggerContext context) {
            chainChanged();
        }

        @Override
        public void onStop(LoggerContext context) {
            chainChanged();
        }

        @Override
        public void onLevelChange(ch.qos.logback.classic.Logger logger, Level level) {
            chainChanged();
        }
    }
}
