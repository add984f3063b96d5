package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The appenders attached behind an {@link AsyncLogAppender}, and how its writer thread feeds them what it drains from
 * the queue: logback events to all of them; access lines ({@link AccessLine}) and access lines encoded when they were
 * appended to the shipped stdout appender when it is the only one ({@link ShippedAccessLog}), else (the chain changed
 * since the line was queued) to every stdout appender among them; the end of a batch to those that are
 * {@link BatchAware}. Encoded lines queued one after the other are handed over as one run.
 *
 * <p>Thread safety: attaching, detaching and {@link #refresh} from any thread; {@link #write} and {@link #endOfBatch}
 * from the writer thread only.
 */
final class AttachedAppenders implements ProducerRing.Sink {

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    /** The one attached appender when it is the shipped stdout appender ({@link ShippedAccessLog}), else null. */
    private volatile StdoutBatchAppender shippedStdout;
    /** Encoded access lines written since the last item of another kind; the writer thread's. */
    private final byte[][] encodedRun;

    private int encodedLines;

    /** Holds runs of up to {@code maxRun} encoded lines before handing them on. */
    AttachedAppenders(int maxRun) {
        encodedRun = new byte[maxRun][];
    }

    /** The attached appenders, for {@code AppenderAttachable}'s methods; {@link #refresh} after changing them. */
    AppenderAttachableImpl<ILoggingEvent> attachable() {
        return appenders;
    }

    /** Looks at the attached appenders again: the shipped stdout appender when it is the only one and {@code unfiltered}. */
    void refresh(boolean unfiltered) {
        Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders();
        Appender<ILoggingEvent> only = it.hasNext() ? it.next() : null;
        shippedStdout = !it.hasNext() && unfiltered && ShippedAccessLog.isShippedStdout(only)
                ? (StdoutBatchAppender) only
                : null;
    }

    /** The shipped stdout appender as last {@link #refresh refreshed}, {@code null} when the chain is another. */
    StdoutBatchAppender shippedStdout() {
        return shippedStdout;
    }

    /** Feeds one queued item: a logback event, an {@link AccessLine} or an access line's encoded bytes. */
    @Override
    public void item(Object item) {
        write(item);
    }

    /** Feeds whole encoded access lines drained from a {@link ProducerRing}, after the encoded lines queued before. */
    @Override
    public void bytes(byte[] ring, int from, int length) {
        writeEncodedRun();
        toStdout(stdout -> stdout.appendEncodedRange(ring, from, length));
    }

    /** Feeds one queued item: a logback event, an {@link AccessLine} or an access line's encoded bytes. */
    void write(Object item) {
        if (item instanceof byte[] encoded) {
            if (encodedLines == encodedRun.length) {
                writeEncodedRun();
            }
            encodedRun[encodedLines++] = encoded;
            return;
        }
        writeEncodedRun();
        if (item instanceof AccessLine line) {
            toStdout(stdout -> stdout.appendAccessLine(line));
        } else {
            appenders.appendLoopOnAppenders((ILoggingEvent) item);
        }
    }

    /** Hands on the encoded lines still held, then tells the {@link BatchAware} appenders that the batch ended. */
    void endOfBatch() {
        writeEncodedRun();
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof BatchAware aware) {
                aware.endOfBatch();
            }
        }
    }

    private void writeEncodedRun() {
        if (encodedLines == 0) {
            return;
        }
        int count = encodedLines;
        toStdout(stdout -> stdout.appendEncodedLines(encodedRun, count));
        Arrays.fill(encodedRun, 0, count, null);
        encodedLines = 0;
    }

    /** To the shipped stdout appender, or, when the chain changed since the line was queued, to any stdout one. */
    private void toStdout(Consumer<StdoutBatchAppender> write) {
        StdoutBatchAppender shipped = shippedStdout;
        if (shipped != null) {
            write.accept(shipped);
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof StdoutBatchAppender stdout) {
                write.accept(stdout);
            }
        }
    }
}
