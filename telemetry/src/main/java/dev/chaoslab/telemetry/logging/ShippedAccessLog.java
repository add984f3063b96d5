package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.spi.FilterAttachable;
import ch.qos.logback.core.util.COWArrayList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * line logged after the change, and a line costs a few field reads and the MDC's look-up: the logger's appenders are
 * compared as the array logback itself appends through, which it replaces whenever they change (read from its fields
 * where they can be: when logback is on the class path; else by iterating them).
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
        Verdict known = kept(logger);
        return known.async != null && emptyMdc(known.mdc) ? known.async : null;
    }

    /**
     * {@link #appender} for a line at INFO, without {@code logger.isInfoEnabled()} first: the appender when the chain
     * is the shipped one, INFO is enabled on {@code logger} and the MDC is empty; {@code null} otherwise, and then the
     * caller asks {@code isInfoEnabled()} and logs an event when it is. The shipped chain's only turbo filter,
     * {@link KnownNoiseFilter}, is neutral to a check without a message, so there INFO is enabled exactly when the
     * logger's effective level allows it, which is read on every call: a level changed at run time counts at once.
     */
    public static AsyncLogAppender infoAppender(Logger logger) {
        Verdict known = kept(logger);
        return known.async != null && known.access.getEffectiveLevel().levelInt <= Level.INFO_INT && emptyMdc(known.mdc)
                ? known.async
                : null;
    }

    private static Verdict kept(Logger logger) {
        Verdict known = verdict;
        if (known == null || known.logger != logger || !known.stillHolds()) {
            known = decide(logger);
            verdict = known;
            if (CHANGES.get() != known.changes) { // a change while deciding: the next line decides again
                verdict = null;
            }
        }
        return known;
    }

    /** Drops the kept answer: for the appenders of the chain, when they are changed. */
    static void chainChanged() {
        CHANGES.incrementAndGet(); // first: a verdict decided before this and kept after it is dropped by its decider
        verdict = null;
    }

    private static Verdict decide(Logger logger) {
        int changes = CHANGES.get(); // before looking: a change while deciding makes the answer stale at once
        if (!(logger instanceof ch.qos.logback.classic.Logger access)) {
            return new Verdict(
                    logger, changes, null, null, false, null, null, new Appender<?>[0], null, new TurboFilter[0], null);
        }
        LoggerContext context = access.getLoggerContext();
        ChangeListener.registerOn(context);
        // the array first: a change between the two reads leaves it stale, so the next line decides again
        COWArrayList<?> appenderList = AppenderArrays.listOf(access);
        Object[] appenderArray = AppenderArrays.of(access);
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
                appenderList,
                appenderArray,
                appenders.toArray(new Appender<?>[0]),
                turboFilters,
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
        Map<String, String> mdc = MdcMaps.readWrite(adapter);
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

    /**
     * The array {@code logger} appends through, the same until its appenders change; {@code null} when logback's
     * fields cannot be read (the answer is then checked by iterating the appenders).
     */
    static Object[] appenderArray(ch.qos.logback.classic.Logger logger) {
        return AppenderArrays.of(logger);
    }

    static boolean noFilters(FilterAttachable<?> attachable) {
        return attachable.getCopyOfAttachedFiltersList().isEmpty();
    }

    /**
     * The answer for one logger, and what logback does not report a change of, as it was when it was given: the
     * logger's additivity and appenders (also as logback's own array, when it can be read) and the context's turbo
     * filters. The lists logback keeps them in are kept too, so that a line reads them without going through the
     * logger and its context: the context's turbo filter list is final, and so is a logger's appender list once the
     * logger has one ({@code appenderList}, {@code null} when it had none or it cannot be read).
     */
    private record Verdict(
            Logger logger,
            int changes,
            AsyncLogAppender async,
            ch.qos.logback.classic.Logger access,
            boolean additive,
            COWArrayList<?> appenderList,
            Object[] appenderArray,
            Appender<?>[] appenders,
            List<TurboFilter> turboFilterList,
            TurboFilter[] turboFilters,
            LogbackMDCAdapter mdc) {

        boolean stillHolds() {
            if (access == null) {
                return true;
            }
            if (access.isAdditive() != additive) {
                return false;
            }
            if (appenderList != null) {
                if (appenderList.asTypedArray() != appenderArray) {
                    return false;
                }
            } else if (appenderArray != null) {
                if (AppenderArrays.of(access) != appenderArray) {
                    return false;
                }
            } else if (!sameAppenders()) {
                return false;
            }
            List<TurboFilter> filters = turboFilterList;
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

        private boolean sameAppenders() {
            Iterator<Appender<ILoggingEvent>> now = access.iteratorForAppenders();
            for (Appender<?> appender : appenders) {
                if (!now.hasNext() || now.next() != appender) {
                    return false;
                }
            }
            return !now.hasNext();
        }
    }

    /**
     * The array a logback logger appends through ({@code COWArrayList.asTypedArray()} of its appenders): the same
     * array until its appenders change, a new one after. Read through logback's private fields, so only where they
     * can be (logback on the class path, the fields as in logback 1.3–1.5); else {@link #of} answers {@code null}.
     */
    private static final class AppenderArrays {
        private static final Object[] NONE = new Object[0];
        private static final VarHandle AAI;
        private static final VarHandle LIST;

        static {
            VarHandle aai = null;
            VarHandle list = null;
            try {
                aai = MethodHandles.privateLookupIn(ch.qos.logback.classic.Logger.class, MethodHandles.lookup())
                        .findVarHandle(ch.qos.logback.classic.Logger.class, "aai", AppenderAttachableImpl.class);
                list = MethodHandles.privateLookupIn(AppenderAttachableImpl.class, MethodHandles.lookup())
                        .findVarHandle(AppenderAttachableImpl.class, "appenderList", COWArrayList.class);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unreadable) {
                aai = null;
                list = null;
            }
            AAI = aai;
            LIST = list;
        }

        private AppenderArrays() {}

        /** The logger's appenders as logback appends through them; {@code null} when they cannot be read so. */
        static Object[] of(ch.qos.logback.classic.Logger logger) {
            if (AAI == null) {
                return null;
            }
            AppenderAttachableImpl<?> appenders = (AppenderAttachableImpl<?>) AAI.getVolatile(logger);
            if (appenders == null) {
                return NONE;
            }
            COWArrayList<?> list = (COWArrayList<?>) LIST.get(appenders);
            return list == null ? null : list.asTypedArray();
        }

        /**
         * The list logback keeps {@code logger}'s appenders in, the same for the logger's life once it has one (logback
         * creates it with the first appender and never replaces it); {@code null} before that or when it cannot be
         * read.
         */
        static COWArrayList<?> listOf(ch.qos.logback.classic.Logger logger) {
            if (AAI == null) {
                return null;
            }
            AppenderAttachableImpl<?> appenders = (AppenderAttachableImpl<?>) AAI.getVolatile(logger);
            return appenders == null ? null : (COWArrayList<?>) LIST.get(appenders);
        }
    }

    /**
     * The calling thread's MDC as logback keeps it. {@link LogbackMDCAdapter#getPropertyMap()} looks up two
     * thread-locals when the MDC is empty (its read-only copy, then the map it copies); the map it copies is the MDC
     * itself (logback 1.5: every change goes to it and drops the copy), so it alone tells whether the MDC is empty.
     * It is read from logback's field only for exactly {@link LogbackMDCAdapter} and where the field can be read (the
     * field as in logback 1.5); else through {@code getPropertyMap()}.
     */
    private static final class MdcMaps {
        private static final VarHandle READ_WRITE;

        static {
            VarHandle readWrite = null;
            try {
                readWrite = MethodHandles.privateLookupIn(LogbackMDCAdapter.class, MethodHandles.lookup())
                        .findVarHandle(LogbackMDCAdapter.class, "readWriteThreadLocalMap", ThreadLocal.class);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unreadable) {
                readWrite = null;
            }
            READ_WRITE = readWrite;
        }

        private MdcMaps() {}

        /** The calling thread's MDC entries, {@code null} or empty when it has none. */
        @SuppressWarnings("unchecked")
        static Map<String, String> readWrite(LogbackMDCAdapter adapter) {
            if (READ_WRITE == null || adapter.getClass() != LogbackMDCAdapter.class) {
                return adapter.getPropertyMap();
            }
            return ((ThreadLocal<Map<String, String>>) READ_WRITE.get(adapter)).get();
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
