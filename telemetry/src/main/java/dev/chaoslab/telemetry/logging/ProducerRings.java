package dev.chaoslab.telemetry.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ProducerRing rings} of one started {@link AsyncLogAppender}: which thread appends through which, and how
 * the writer drains, retires and waits for them. An event loop gets a ring of its own the first time it appends an
 * access line, while fewer than {@value #MAX_RINGS} are in use; any other thread, and an event loop beyond them, the
 * shared queue, each for as long as it lives, so that a thread's lines stay on one path and keep their order. A ring
 * is dropped once its thread ended and it was drained.
 *
 * <p>Thread-safe: {@link #ofCallingThread} and {@link #mark()} from any thread; {@link #drain}, {@link #written()} and
 * {@link #retireEnded()} from the writer thread only.
 */
final class ProducerRings {

    /** Threads with a ring of their own at most. */
    static final int MAX_RINGS = 16;
    /** A ring's bytes per line of the appender's queue size, and their bounds. */
    private static final int BYTES_PER_LINE = 256;

    private static final int MIN_BYTES = 64 * 1024;
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final int MAX_ITEMS = 1024;
    /** A thread's mark that it appends to the shared queue. */
    private static final ProducerRing SHARED = new ProducerRing(null, 1, 1, 0);

    private final List<ProducerRing> rings = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ProducerRing> threads = new ThreadLocal<>();
    private final BoundedMpscQueue<?> queue;
    private final int bytes;
    private final int items;

    /** Rings for an appender whose shared queue is {@code queue}, holding {@code queueSize} lines. */
    ProducerRings(BoundedMpscQueue<?> queue, int queueSize) {
        this.queue = queue;
        this.bytes =
                powerOfTwoAtLeast((int) Math.max(MIN_BYTES, Math.min(MAX_BYTES, (long) queueSize * BYTES_PER_LINE)));
        this.items = powerOfTwoAtLeast(Math.min(queueSize, MAX_ITEMS));
    }

    /** The bytes each ring holds. */
    int ringBytes() {
        return bytes;
    }

    /**
     * The calling thread's ring, {@code null} when it appends to the shared queue; {@code assign}: a thread that has
     * no path yet gets one now (else {@code null} without one).
     */
    ProducerRing ofCallingThread(boolean assign) {
        ProducerRing ring = threads.get();
        if (ring == null && assign) {
            ring = assign();
        }
        return ring == SHARED ? null : ring;
    }

    private ProducerRing assign() {
        ProducerRing ring = SHARED;
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            synchronized (rings) {
                if (rings.size() < MAX_RINGS) {
                    // what the thread queued before is written before its ring is drained
                    ring = new ProducerRing(Thread.currentThread(), bytes, items, queue.offered());
                    rings.add(ring);
                }
            }
        }
        threads.set(ring);
        return ring;
    }

    /**
     * Drains every ring whose thread's earlier queued items the writer has polled ({@code polled}: the queue's count)
     * into {@code sink}; the bytes and items drained, negative when a ring held a quarter of its bytes or more (the
     * writer should drain on without sleeping). Writer thread only.
     */
    long drain(ProducerRing.Sink sink, long polled) {
        long drained = 0;
        boolean full = false;
        for (ProducerRing ring : rings) {
            if (ring.afterQueued() <= polled) {
                long handed = ring.drain(sink);
                drained += handed;
                full |= handed >= bytes / 4;
            }
        }
        return full ? -drained : drained;
    }

    /** Marks what was drained as written, after the sink wrote it. Writer thread only. */
    void written() {
        for (ProducerRing ring : rings) {
            ring.written();
        }
    }

    /** Drops the rings of threads that ended, once drained. Writer thread only. */
    void retireEnded() {
        for (ProducerRing ring : rings) {
            if (!ring.owner().isAlive() && ring.isEmpty()) {
                rings.remove(ring);
            }
        }
    }

    /** {@code true} when every ring has been drained. */
    boolean isEmpty() {
        for (ProducerRing ring : rings) {
            if (!ring.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Bytes offered to the rings and not yet drained (a moment's view). */
    long pendingBytes() {
        long pending = 0;
        for (ProducerRing ring : rings) {
            pending += ring.pendingBytes();
        }
        return pending;
    }

    /** How many threads have a ring of their own now. */
    int size() {
        return rings.size();
    }

    /** What every ring has been offered so far: {@link Mark#written()} tells when the writer has written it all. */
    Mark mark() {
        ProducerRing[] offering = rings.toArray(new ProducerRing[0]);
        long[] offeredBytes = new long[offering.length];
        long[] offeredItems = new long[offering.length];
        for (int i = 0; i < offering.length; i++) {
            offeredBytes[i] = offering[i].offeredBytes();
            offeredItems[i] = offering[i].offeredItems();
        }
        return new Mark(offering, offeredBytes, offeredItems);
    }

    /** The rings' offered positions at one moment. */
    record Mark(ProducerRing[] rings, long[] bytes, long[] items) {
        /** {@code true} when the writer has written everything offered before the mark. */
        boolean written() {
            for (int i = 0; i < rings.length; i++) {
                if (rings[i].writtenBytes() < bytes[i] || rings[i].writtenItems() < items[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static int powerOfTwoAtLeast(int n) {
        int power = Integer.highestOneBit(n);
        return power < n ? power << 1 : power;
    }
}
