package dev.chaoslab.telemetry.logging;

/**
 * An appender behind an {@link AsyncLogAppender} that wants to know where the writer thread's batches end, for
 * example to write a whole batch with one system call. {@link #endOfBatch()} runs on the writer thread after the
 * batch's last event was appended.
 */
public interface BatchAware {

    /** Called by the writer thread after the last event of a batch; writes what was held back. */
    void endOfBatch();
}
