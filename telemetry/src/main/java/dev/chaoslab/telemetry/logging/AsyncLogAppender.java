package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.AppenderAttachable;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands log events to a writer thread of its own, so that the thread that logs (an event loop serving
 * requests) does not wait for the JSON encoding and the write to stdout. Configured in {@code logback.xml}
 * for the {@code access} logger, in front of the JSON console appender:
 *
 * <pre>{@code
 * <appender name="ACCESS" class="dev.chaoslab.telemetry.logging.AsyncLogAppender">
 *   <queueSize>8192</queueSize>
 *   <appender-ref ref="JSON"/>
 * </appender>
 * }</pre>
 *
 * <p>Everything a line carries that depends on the logging thread is captured when the event is appended,
 * on that thread (see {@link DeferredEvent}): message, thread name, MDC, the current span's ids, the service
 * and the {@link LogFields} of the current Vert.x context. Caller data is not captured.
 *
 * <p>Never blocks the logging thread: when the queue is full the event is dropped, counted per service
 * ({@link #dropped(String)}, the metric {@code chaoslab_log_lines_dropped_total}), and the first drop is logged
 * as a warning. Unlike logback's {@code AsyncAppender} it drops no level on purpose (no discarding threshold),
 * counts what it drops, and accepts several attached appenders (tests attach a capture next to stdout).
 * {@link #stop()}, {@link #flushAll(Duration)} and a JVM shutdown hook write what is queued.
 *
 * <p>The logging thread never wakes the writer. An event loop that logs an access line gets a ring of its own
 * ({@link ProducerRing}; at most {@value ProducerRings#MAX_RINGS}, each {@code queueSize} × 256 bytes between 64 KiB
 * and 4 MiB, 2 MiB by default, dropped once its thread ended and it was drained): its access lines are encoded into the
 * ring in place and published with one release store (no compare-and-set shared with the other loops, no copy, no
 * allocation), and what else it appends (events) goes into the same ring's item slots, between the lines before and
 * after it, so a thread's lines keep their order; a full ring drops and counts like a full queue. Other threads, and
 * event loops beyond the rings, append with one compare-and-set on a bounded array queue ({@link BoundedMpscQueue}, no
 * counter besides the queue's own index); a thread keeps its path for its life, and a ring is drained only after what
 * its thread queued before it had one. The writer drains the queue and every ring. After a batch of fewer than
 * {@value #BATCH} lines (and less than a quarter of each ring) it sleeps {@value #BATCH_PARK_MICROS} µs before
 * looking again, so that lines gather into fuller batches (fewer {@code write} calls and fewer wake-ups than polling
 * again at once); after a full batch it drains on without sleeping, so at any rate the queue holds at most what
 * comes in one sleep (at 40 000 lines/s 4 000 lines, half the default queue). After an empty look it sleeps
 * {@value #BATCH_PARK_MICROS} µs too, then longer (doubling, up to {@value #MAX_IDLE_PARK_MILLIS} ms) while nothing
 * comes. A queued line therefore waits at most {@value #MAX_IDLE_PARK_MILLIS} ms plus the time to write the lines
 * ahead of it before it is written — at most {@value #BATCH_PARK_MICROS} µs while lines keep coming (log shippers
 * batch for a second anyway) — and {@link #flushAll}, {@link #stop()} and the shutdown hook wake the writer at once.
 * Waking a parked writer once per line was most of what the access log cost the event loops
 * (docs/benchmarks/2026-12-06-telemetry-cost.md). After each batch the attached appenders that are
 * {@link BatchAware} are told, so that {@link StdoutBatchAppender} writes the batch with one system call.
 *
 * <p>Access lines of the shipped chain come without a logback event ({@link #appendAccessLine}, see
 * {@link ShippedAccessLog}): captured the same way, queued, counted and dropped the same way, and encoded into their
 * bytes on the logging thread, while the line's fields are still in that core's caches (encoding them on the writer
 * thread read each string from another core's cache: most of what the writer spent per line); the writer only copies
 * the bytes into the stdout appender's batch (a ring's drained bytes at once).
 *
 * <p>Thread-safe: {@code append} runs on any thread; one writer thread calls the attached appenders.
 */
public class AsyncLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    /** Lines that may wait: at 30 000 lines/s (two services at 15 000 req/s) about a quarter of a second of a stalled stdout. */
    public static final int DEFAULT_QUEUE_SIZE = 8192;
    /** The largest queue: its slots are allocated when the appender starts. */
    public static final int MAX_QUEUE_SIZE = 1 << 24;
    /** How long {@link #stop()} and the shutdown hook wait for the queued lines to be written. */
    public static final int DEFAULT_MAX_FLUSH_MILLIS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(AsyncLogAppender.class);
    private static final int BATCH = 512;
    /**
     * The writer's sleep after a batch of fewer than {@value #BATCH} lines and after the first empty look: each wake
     * cost the writer 20-45 µs of CPU on this project's machine, so at 40 000 lines/s ten wakes a second instead of
     * fifty took its CPU per line from 72-96 to 51 ns (docs/benchmarks/2026-12-07-telemetry-session13.md).
     */
    private static final int BATCH_PARK_MICROS = 100_000;

    private static final int MAX_IDLE_PARK_MILLIS = 200;
    private static final String NO_SERVICE = "";
    private static final Map<String, LongAdder> DROPPED = new ConcurrentHashMap<>();
    private static final Set<AsyncLogAppender> STARTED = ConcurrentHashMap.newKeySet();

    private final AttachedAppenders chain = new AttachedAppenders(BATCH);
    private final Object progress = new Object();
    private final AtomicBoolean warnedDrop = new AtomicBoolean();
    private long written;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private int maxFlushMillis = DEFAULT_MAX_FLUSH_MILLIS;

    private BoundedMpscQueue<Object> queue;
    /** The event loops' rings ({@link ProducerRing}), drained by the writer too. */
    private volatile ProducerRings rings;

    private Thread writer;
    private Thread shutdownHook;

    /** Lines the queue can hold; {@value #DEFAULT_QUEUE_SIZE} by default. */
    public void setQueueSize(int queueSize) {
        if (queueSize < 1 || queueSize > MAX_QUEUE_SIZE) {
            throw new IllegalArgumentException("queueSize must be in 1.." + MAX_QUEUE_SIZE + ", not " + queueSize);
        }
        this.queueSize = queueSize;
    }

    public int getQueueSize() {
        return queueSize;
    }

    /** How long {@link #stop()} waits for queued lines; {@value #DEFAULT_MAX_FLUSH_MILLIS} ms by default. */
    public void setMaxFlushMillis(int maxFlushMillis) {
        if (maxFlushMillis < 0) {
            throw new IllegalArgumentException("maxFlushMillis must be >= 0, not " + maxFlushMillis);
        }
        this.maxFlushMillis = maxFlushMillis;
    }

    public int getMaxFlushMillis() {
        return maxFlushMillis;
    }

    /** Lines of {@code service} dropped so far because a queue was full (all appenders of this class in the JVM). */
    public static long dropped(String service) {
        LongAdder count = DROPPED.get(service == null ? NO_SERVICE : service);
        return count == null ? 0 : count.sum();
    }

    /**
     * Waits until every started appender of this class has written the lines it had accepted when this was
     * called; {@code false} when {@code timeout} passed first. Blocks: not for event loops.
     */
    public static boolean flushAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (AsyncLogAppender appender : STARTED) {
            all &= appender.flush(deadline);
        }
        return all;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (!chain.attachable().iteratorForAppenders().hasNext()) {
            addError("No appender attached to " + getName() + ": add <appender-ref ref=\"…\"/>");
            return;
        }
        queue = new BoundedMpscQueue<>(queueSize);
        rings = new ProducerRings(queue, queueSize);
        writer = new Thread(this::writeLoop, "log-writer-" + getName());
        writer.setDaemon(true);
        super.start();
        chainChanged();
        writer.start();
        STARTED.add(this);
        // Logback stops its appenders only when asked; the last lines before a normal exit must still be written.
        shutdownHook = new Thread(
                () -> flush(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxFlushMillis)),
                "log-flush-" + getName());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        ShippedAccessLog.chainChanged();
        STARTED.remove(this);
        LockSupport.unpark(writer);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it flushes too
        }
        try {
            writer.join(maxFlushMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn(queue.size() + " log lines and " + rings.pendingBytes()
                    + " bytes of access lines not written within " + maxFlushMillis + " ms of stopping " + getName());
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        DeferredEvent deferred = DeferredEvent.capture(event);
        ProducerRing ring = rings.ofCallingThread(false);
        if (!(ring != null ? ring.offerItem(deferred) : offer(deferred))) {
            countDrop(deferred.service());
        }
    }

    /**
     * Queues an access line that skips logback's event, for the shipped stdout appender behind this one; counted,
     * dropped when the queue is full and flushed exactly like an event. Only when {@link ShippedAccessLog} gave this
     * appender for the line; never blocks.
     */
    public void appendAccessLine(AccessLine line) {
        if (!isStarted()) {
            return;
        }
        StdoutBatchAppender stdout = chain.shippedStdout();
        ProducerRing ring = rings.ofCallingThread(true);
        if (ring != null) {
            if (!(stdout != null ? ring.offerLine(line, stdout) : ring.offerItem(line))) {
                countDrop(line.service());
            }
            return;
        }
        byte[] encoded = stdout == null ? null : stdout.encodeAccessLine(line);
        if (!offer(encoded != null ? encoded : line)) {
            countDrop(line.service());
        }
    }

    /**
     * {@code true} while exactly one appender is attached and it is the shipped stdout appender, with no filter
     * (looked at now: {@link ShippedAccessLog} asks when it decides, and keeps the answer until told of a change).
     */
    boolean takesAccessLines() {
        chain.refresh(ShippedAccessLog.noFilters(this));
        return chain.shippedStdout() != null && isStarted() && getClass() == AsyncLogAppender.class;
    }

    private boolean offer(Object line) {
        return queue.offer(line);
    }

    /** Looks at the chain again after a change, and tells {@link ShippedAccessLog} to. */
    private void chainChanged() {
        chain.refresh(ShippedAccessLog.noFilters(this));
        ShippedAccessLog.chainChanged();
    }

    private void countDrop(String eventService) {
        String service = eventService == null ? NO_SERVICE : eventService;
        DROPPED.computeIfAbsent(service, s -> new LongAdder()).increment();
        if (warnedDrop.compareAndSet(false, true)) {
            LOG.warn(
                    "Log queue {} is full ({} lines): dropping lines rather than blocking the event loop, "
                            + "counted in chaoslab_log_lines_dropped_total. Is stdout read slowly? A larger queue: CHAOSLAB_ACCESS_LOG_QUEUE",
                    getName(),
                    queueSize);
        }
    }

    private void writeLoop() {
        long batchPark = TimeUnit.MICROSECONDS.toNanos(BATCH_PARK_MICROS);
        long maxIdlePark = TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_PARK_MILLIS);
        long idlePark = batchPark;
        ProducerRings loops = rings;
        while (true) {
            int lines = 0;
            Object each;
            while (lines < BATCH && (each = queue.poll()) != null) {
                chain.write(each);
                lines++;
            }
            long fromRings = loops.drain(chain, queue.polled());
            if (lines == 0 && fromRings == 0) {
                loops.retireEnded();
                if (!isStarted() && queue.isEmpty() && loops.isEmpty()) {
                    return;
                }
                LockSupport.parkNanos(this, idlePark);
                idlePark = Math.min(idlePark * 2, maxIdlePark);
                continue;
            }
            chain.endOfBatch();
            loops.written();
            synchronized (progress) {
                written += lines;
                progress.notifyAll();
            }
            loops.retireEnded();
            idlePark = batchPark;
            if (lines < BATCH && fromRings >= 0 && isStarted()) {
                // let lines gather instead of writing the one or two that came during this write
                LockSupport.parkNanos(this, batchPark);
            }
        }
    }

    private boolean flush(long deadlineNanos) {
        long target = queue.offered();
        ProducerRings.Mark offered = rings.mark();
        LockSupport.unpark(writer);
        synchronized (progress) {
            while (written < target || !offered.written()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** How many threads have a ring of their own now. */
    int ringsInUse() {
        return rings.size();
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        chain.attachable().addAppender(appender);
        chainChanged();
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return chain.attachable().iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return chain.attachable().getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return chain.attachable().isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        chain.attachable().detachAndStopAllAppenders();
        chainChanged();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        boolean detached = chain.attachable().detachAppender(appender);
        chainChanged();
        return detached;
    }

    @Override
    public boolean detachAppender(String name) {
        boolean detached = chain.attachable().detachAppender(name);
        chainChanged();
        return detached;
    }

    @Override
    public void addFilter(Filter<ILoggingEvent> filter) {
        super.addFilter(filter);
        chainChanged();
    }

    @Override
    public void clearAllFilters() {
        super.clearAllFilters();
        chainChanged();
    }
}
