package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.filter.Filter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Writes encoded lines to {@code System.out} a batch at a time: lines are collected in memory and written with one
 * {@code write} when the {@link AsyncLogAppender} in front of it ends a batch ({@link BatchAware}), instead of one
 * system call per line. Belongs only behind an {@code AsyncLogAppender} (lines wait for the end of a batch):
 *
 * <pre>{@code
 * <appender name="ACCESS_STDOUT" class="dev.chaoslab.telemetry.logging.StdoutBatchAppender">
 *   <encoder class="dev.chaoslab.telemetry.logging.JsonLineEncoder"/>
 * </appender>
 * }</pre>
 *
 * <p>The batch goes through {@code System.out}'s own lock in one call, so it never interleaves within a line with
 * what the synchronous appenders write there. A batch larger than {@link #MAX_HELD_BYTES} is written in parts, each
 * ending at a line end. Stopping writes what is held and leaves {@code System.out} open.
 */
public class StdoutBatchAppender extends OutputStreamAppender<ILoggingEvent> implements BatchAware {

    /** Bytes held before they are written even though the batch has not ended. */
    public static final int MAX_HELD_BYTES = 256 * 1024;

    private final HeldLines held = new HeldLines();
    private AccessLineEncoder accessLines;
    private volatile String accessLineSeparator;
    /** Whether the encoder's lines end with a newline (the only one a JSON line has). */
    private boolean newlineEnds;
    /** Access lines encoded on the threads that log them ({@link #encodeAccessLine}): one encoder per thread. */
    private volatile ThreadLocal<CallerEncoding> callerEncodings;

    @Override
    public void start() {
        setImmediateFlush(false);
        setOutputStream(held);
        if (getEncoder() instanceof JsonLineEncoder json) {
            String separator = json.getLineSeparator();
            String lineSeparator = separator == null ? "" : separator;
            accessLines = new AccessLineEncoder(lineSeparator);
            accessLineSeparator = lineSeparator;
            newlineEnds = lineSeparator.endsWith("\n");
            callerEncodings = ThreadLocal.withInitial(() -> new CallerEncoding(lineSeparator));
        }
        super.start();
        ShippedAccessLog.chainChanged();
    }

    @Override
    public void stop() {
        super.stop();
        ShippedAccessLog.chainChanged();
    }

    @Override
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        super.setEncoder(encoder);
        ShippedAccessLog.chainChanged();
    }

    @Override
    public void addFilter(Filter<ILoggingEvent> filter) {
        super.addFilter(filter);
        ShippedAccessLog.chainChanged();
    }

    @Override
    public void clearAllFilters() {
        super.clearAllFilters();
        ShippedAccessLog.chainChanged();
    }

    /**
     * Holds {@code line}, encoded as its {@link JsonLineEncoder} would encode the line's logback event, until the
     * batch ends. For the {@link AsyncLogAppender} in front of it, when {@link ShippedAccessLog} allowed the line to
     * skip the event; does nothing when stopped or when the encoder is not a {@code JsonLineEncoder}.
     */
    public void appendAccessLine(AccessLine line) {
        if (!isStarted() || accessLines == null) {
            return;
        }
        streamWriteLock.lock();
        try {
            held.beforeLine();
            accessLines.encode(line, held.buffer);
        } finally {
            streamWriteLock.unlock();
        }
    }

    /**
     * {@code line} encoded as {@link #appendAccessLine} would encode it, on the calling thread (the one that logs it,
     * where the line's fields were just made and are still in its caches; the writer thread only copies the bytes
     * into its batch with {@link #appendEncodedLine}); {@code null} when the encoder is not a {@code JsonLineEncoder}.
     * Thread-safe: each thread encodes with its own encoder.
     */
    public byte[] encodeAccessLine(AccessLine line) {
        ThreadLocal<CallerEncoding> encodings = callerEncodings;
        return encodings == null ? null : encodings.get().encode(line);
    }

    /**
     * A new encoder of access lines into the bytes {@link #appendAccessLine} would hold, for one thread that encodes
     * the lines it logs ({@link ProducerRing}); {@code null} when the encoder is not a {@code JsonLineEncoder}.
     */
    AccessLineEncoder newAccessLineEncoder() {
        String separator = accessLineSeparator;
        return separator == null ? null : new AccessLineEncoder(separator);
    }

    /**
     * Holds {@code length} bytes of whole encoded access lines from {@code from} of {@code ring} (a power of two long,
     * continuing at its start when they pass its end) in their order until the batch ends; nothing when stopped.
     */
    public void appendEncodedRange(byte[] ring, int from, int length) {
        if (!isStarted()) {
            return;
        }
        streamWriteLock.lock();
        try {
            held.writeWhole(ring, from, length, newlineEnds);
        } finally {
            streamWriteLock.unlock();
        }
    }

    /**
     * Holds the first {@code count} of {@code lines}, bytes made by {@link #encodeAccessLine}, in their order until the
     * batch ends (taking the stream's lock once for all of them); nothing when stopped.
     */
    public void appendEncodedLines(byte[][] lines, int count) {
        if (!isStarted()) {
            return;
        }
        streamWriteLock.lock();
        try {
            for (int i = 0; i < count; i++) {
                held.write(lines[i], 0, lines[i].length);
            }
        } finally {
            streamWriteLock.unlock();
        }
    }

    @Override
    public void endOfBatch() {
        streamWriteLock.lock();
        try {
            getOutputStream().flush();
        } catch (IOException e) {
            addError("Could not write log lines to stdout", e);
        } finally {
            streamWriteLock.unlock();
        }
    }

    /** Writes what is held; {@code System.out} is not ours to close. */
    @Override
    protected void closeOutputStream() {
        OutputStream stream = getOutputStream();
        if (stream != null) {
            try {
                stream.flush();
            } catch (IOException e) {
                addError("Could not write log lines to stdout", e);
            }
        }
    }

    /** One thread's access line encoder and the buffer it encodes into before the line is copied out. */
    private static final class CallerEncoding {
        private static final int INITIAL = 512;
        private static final int KEEP = 16 * 1024;
        private final AccessLineEncoder encoder;
        private final LineBuffer scratch = new LineBuffer(INITIAL);

        CallerEncoding(String lineSeparator) {
            encoder = new AccessLineEncoder(lineSeparator);
        }

        byte[] encode(AccessLine line) {
            scratch.clear();
            encoder.encode(line, scratch);
            byte[] bytes = Arrays.copyOf(scratch.bytes(), scratch.size());
            scratch.shrink(KEEP, INITIAL);
            return bytes;
        }
    }

    /** Collects whole lines (one encoded event per {@code write}) and hands them to {@code System.out} on flush. */
    private static final class HeldLines extends OutputStream {
        private static final int INITIAL = 16 * 1024;
        private final LineBuffer buffer = new LineBuffer(INITIAL);

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] line, int offset, int length) {
            if (buffer.size() > 0 && buffer.size() + length > MAX_HELD_BYTES) {
                flush();
            }
            buffer.put(line, offset, length);
        }

        /**
         * Holds {@code length} bytes of whole lines at {@code from} of {@code ring}, wrapping at its end. What does not
         * fit below {@link #MAX_HELD_BYTES} is written in parts that end at a line end when the lines end with a
         * newline ({@code newlineEnds}: JSON lines have no other), else held whole.
         */
        void writeWhole(byte[] ring, int from, int length, boolean newlineEnds) {
            int mask = ring.length - 1;
            while (true) {
                if (buffer.size() > 0 && buffer.size() + length > MAX_HELD_BYTES) {
                    flush();
                }
                int part = length;
                if (newlineEnds && length > MAX_HELD_BYTES) {
                    int lastEnd = MAX_HELD_BYTES - 1;
                    while (lastEnd >= 0 && ring[(from + lastEnd) & mask] != '\n') {
                        lastEnd--;
                    }
                    if (lastEnd >= 0) {
                        part = lastEnd + 1;
                    }
                }
                int first = Math.min(part, ring.length - from);
                buffer.put(ring, from, first);
                buffer.put(ring, 0, part - first);
                if (part == length) {
                    return;
                }
                flush();
                from = (from + part) & mask;
                length -= part;
            }
        }

        /** Writes what is held when it reached {@link #MAX_HELD_BYTES}: a line encoded in place cannot be measured first. */
        void beforeLine() {
            if (buffer.size() >= MAX_HELD_BYTES) {
                flush();
            }
        }

        @Override
        public void flush() {
            if (buffer.size() == 0) {
                return;
            }
            PrintStream out = System.out;
            out.write(buffer.bytes(), 0, buffer.size());
            out.flush();
            buffer.clear();
            buffer.shrink(MAX_HELD_BYTES, INITIAL);
        }
    }
}
