package dev.chaoslab.telemetry.logging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one logging thread (its owner) hands to an {@link AsyncLogAppender}'s writer thread: a ring of bytes its access
 * lines are encoded into in place, and a small ring of the items it hands over as objects (events, lines the writer
 * encodes), each placed between the bytes before and after it. Offering takes no compare-and-set and allocates
 * nothing: the owner writes the line and publishes its new end with one release store. A full ring refuses what is
 * offered. Positions count every byte and item ever offered and written, so a flush knows how far the writer must get.
 *
 * <p>Thread safety: {@link #offerLine} and {@link #offerItem} by the owner thread only; {@link #drain},
 * {@link #written()} and {@link #isEmpty()} by the writer thread only; {@link #offeredBytes()},
 * {@link #offeredItems()}, {@link #writtenBytes()}, {@link #writtenItems()} and {@link #owner()} from any thread.
 */
final class ProducerRing {

    /** Where a drained ring's bytes and items go, in the order the owner offered them. */
    interface Sink {
        /**
         * {@code length} bytes of whole lines at {@code from} of {@code ring}, continuing at its start if they pass its
         * end.
         */
        void bytes(byte[] ring, int from, int length);

        void item(Object item);
    }

    private static final VarHandle OFFERED_BYTES;
    private static final VarHandle OFFERED_ITEMS;
    private static final VarHandle DRAINED_BYTES;
    private static final VarHandle DRAINED_ITEMS;
    private static final VarHandle ITEMS = MethodHandles.arrayElementVarHandle(Object[].class);
    /** Room below which the owner looks again how far the writer has drained, before encoding a line. */
    private static final int LOOK_AGAIN_BELOW = 4096;

    private static final int SCRATCH = 512;
    private static final int KEEP_SCRATCH = 16 * 1024;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OFFERED_BYTES = lookup.findVarHandle(Owners.class, "offeredBytes", long.class);
            OFFERED_ITEMS = lookup.findVarHandle(Owners.class, "offeredItems", long.class);
            DRAINED_BYTES = lookup.findVarHandle(Writers.class, "drainedBytes", long.class);
            DRAINED_ITEMS = lookup.findVarHandle(Writers.class, "drainedItems", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread owner;
    private final byte[] bytes;
    private final int byteMask;
    private final Object[] items;
    /** The byte position each item sits at: the bytes before it are written first. */
    private final long[] itemAt;

    private final int itemMask;
    private final long afterQueued;
    private final Positions at = new Positions();
    private final LineBuffer encoding = new LineBuffer(SCRATCH);
    private AccessLineEncoder encoder;
    private StdoutBatchAppender encoderFor;

    /**
     * A ring for {@code owner} of {@code byteCapacity} bytes and {@code itemCapacity} items (each a power of two);
     * {@code afterQueued}: how many items the shared queue had been offered when the ring was made (the owner's
     * items there come before anything in this ring).
     */
    ProducerRing(Thread owner, int byteCapacity, int itemCapacity, long afterQueued) {
        if (Integer.bitCount(byteCapacity) != 1 || Integer.bitCount(itemCapacity) != 1) {
            throw new IllegalArgumentException("capacities must be powers of two");
        }
        this.owner = owner;
        this.bytes = new byte[byteCapacity];
        this.byteMask = byteCapacity - 1;
        this.items = new Object[itemCapacity];
        this.itemAt = new long[itemCapacity];
        this.itemMask = itemCapacity - 1;
        this.afterQueued = afterQueued;
    }

    Thread owner() {
        return owner;
    }

    /** How many items the shared queue had been offered when this ring was made. */
    long afterQueued() {
        return afterQueued;
    }

    /**
     * Encodes {@code line} as {@code stdout} would into the ring, in place; {@code false} (nothing kept) when the
     * ring has no room for it. Owner thread only.
     */
    boolean offerLine(AccessLine line, StdoutBatchAppender stdout) {
        AccessLineEncoder lines = encoder;
        if (encoderFor != stdout) {
            lines = encoder = stdout.newAccessLineEncoder();
            encoderFor = stdout;
        }
        if (lines == null) {
            return offerItem(line);
        }
        Positions p = at;
        long end = (long) OFFERED_BYTES.get(p);
        long room = p.byteLimit - end;
        if (room < LOOK_AGAIN_BELOW) {
            room = lookAgain(end);
        }
        int capacity = bytes.length;
        int from = (int) end & byteMask;
        LineBuffer out = encoding;
        out.window(bytes, from, from + (int) Math.min(room, capacity - from));
        lines.encode(line, out);
        int length;
        if (out.inWindow()) {
            length = out.size() - from;
            out.clear();
        } else {
            // past the ring's end, or past what the writer has drained: the line was finished in the scratch array
            length = out.size();
            if (length > room && length > (room = lookAgain(end))) {
                out.clear();
                out.shrink(KEEP_SCRATCH, SCRATCH);
                return false;
            }
            int first = Math.min(length, capacity - from);
            System.arraycopy(out.bytes(), 0, bytes, from, first);
            System.arraycopy(out.bytes(), first, bytes, 0, length - first);
            out.clear();
            out.shrink(KEEP_SCRATCH, SCRATCH);
        }
        OFFERED_BYTES.setRelease(p, end + length);
        return true;
    }

    private long lookAgain(long end) {
        Positions p = at;
        p.byteLimit = (long) DRAINED_BYTES.getAcquire(p) + bytes.length;
        return p.byteLimit - end;
    }

    /** Places {@code item} after the bytes offered so far; {@code false} when the item ring is full. Owner only. */
    boolean offerItem(Object item) {
        Positions p = at;
        long index = (long) OFFERED_ITEMS.get(p);
        if (index >= p.itemLimit) {
            p.itemLimit = (long) DRAINED_ITEMS.getAcquire(p) + items.length;
            if (index >= p.itemLimit) {
                return false;
            }
        }
        int slot = (int) index & itemMask;
        itemAt[slot] = (long) OFFERED_BYTES.get(p);
        ITEMS.setRelease(items, slot, item);
        OFFERED_ITEMS.setRelease(p, index + 1);
        return true;
    }

    /**
     * Hands everything offered so far to {@code sink} in the owner's order and frees its room; the number of bytes
     * and items handed. Writer thread only.
     */
    long drain(Sink sink) {
        Positions p = at;
        long from = (long) DRAINED_BYTES.get(p);
        long to = (long) OFFERED_BYTES.getAcquire(p);
        long itemIndex = (long) DRAINED_ITEMS.get(p);
        long handed = to - from;
        while (true) {
            int slot = (int) itemIndex & itemMask;
            Object item = ITEMS.getAcquire(items, slot);
            if (item == null || itemAt[slot] > to) {
                break;
            }
            long place = itemAt[slot];
            if (place > from) {
                sink.bytes(bytes, (int) from & byteMask, (int) (place - from));
                from = place;
            }
            sink.item(item);
            ITEMS.set(items, slot, null);
            itemIndex++;
            handed++;
            DRAINED_ITEMS.setRelease(p, itemIndex);
        }
        if (to > from) {
            sink.bytes(bytes, (int) from & byteMask, (int) (to - from));
        }
        DRAINED_BYTES.setRelease(p, to);
        return handed;
    }

    /** Marks what {@link #drain} handed so far as written (after the sink wrote it). Writer thread only. */
    void written() {
        Positions p = at;
        p.writtenBytes = (long) DRAINED_BYTES.get(p);
        p.writtenItems = (long) DRAINED_ITEMS.get(p);
    }

    /** {@code true} when everything offered has been drained. */
    boolean isEmpty() {
        Positions p = at;
        return (long) DRAINED_BYTES.getVolatile(p) == (long) OFFERED_BYTES.getVolatile(p)
                && (long) DRAINED_ITEMS.getVolatile(p) == (long) OFFERED_ITEMS.getVolatile(p);
    }

    long offeredBytes() {
        return (long) OFFERED_BYTES.getVolatile(at);
    }

    long offeredItems() {
        return (long) OFFERED_ITEMS.getVolatile(at);
    }

    long writtenBytes() {
        return at.writtenBytes;
    }

    long writtenItems() {
        return at.writtenItems;
    }

    /** Bytes offered and not yet drained (a moment's view). */
    long pendingBytes() {
        return offeredBytes() - (long) DRAINED_BYTES.getVolatile(at);
    }

    /** Fields that keep the owner's and the writer's positions on cache lines of their own. */
    @SuppressWarnings("unused")
    private static class Padding {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** The owner's: what it offered, and how far it may write before looking at the writer's positions again. */
    @SuppressWarnings("unused")
    private static class Owners extends Padding {
        volatile long offeredBytes;
        volatile long offeredItems;
        long byteLimit;
        long itemLimit;
    }

    @SuppressWarnings("unused")
    private static class OwnersPadding extends Owners {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    /** The writer's: what it drained, and what it wrote (for a flush). */
    @SuppressWarnings("unused")
    private static class Writers extends OwnersPadding {
        volatile long drainedBytes;
        volatile long drainedItems;
        volatile long writtenBytes;
        volatile long writtenItems;
    }

    @SuppressWarnings("unused")
    private static final class Positions extends Writers {
        long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
    }
}
