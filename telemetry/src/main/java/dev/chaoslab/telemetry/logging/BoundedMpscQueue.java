package dev.chaoslab.telemetry.logging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded queue for many producers and one consumer: {@link #offer} claims a slot with one compare-and-set on the
 * producer index and stores the element with a release write, allocating nothing; it refuses the element when
 * {@code capacity} elements are waiting. The consumer {@link #poll polls} in order of the claims. The indices count
 * every element ever offered and polled, so {@link #offered()} tells a flush how far the consumer has to get.
 *
 * <p>Thread-safe for any number of threads calling {@link #offer}, {@link #offered()} and {@link #size()}, and one
 * thread at a time calling {@link #poll()}.
 */
final class BoundedMpscQueue<E> {

    private static final VarHandle ELEMENTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER_INDEX;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(ProducerIndex.class, "producerIndex", long.class);
            PRODUCER_LIMIT = lookup.findVarHandle(ProducerIndex.class, "producerLimit", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(ConsumerIndex.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final int mask;
    private final Object[] elements;
    private final Indices indices = new Indices();

    /** A queue that holds at most {@code capacity} elements. */
    BoundedMpscQueue(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity must be in 1..2^30, not " + capacity);
        }
        this.capacity = capacity;
        int slots = Integer.highestOneBit(capacity);
        if (slots < capacity) {
            slots <<= 1;
        }
        this.mask = slots - 1;
        this.elements = new Object[slots];
    }

    int capacity() {
        return capacity;
    }

    /** Adds {@code element} (not null); {@code false} when {@link #capacity()} elements are waiting. Never blocks. */
    boolean offer(E element) {
        Indices at = indices;
        long index;
        do {
            index = (long) PRODUCER_INDEX.getVolatile(at);
            if (index >= (long) PRODUCER_LIMIT.getAcquire(at)) {
                long limit = (long) CONSUMER_INDEX.getVolatile(at) + capacity;
                if (index >= limit) {
                    return false;
                }
                // release/acquire: a producer trusting this limit also sees the consumer clearing the slots below it
                PRODUCER_LIMIT.setRelease(at, limit);
            }
        } while (!PRODUCER_INDEX.compareAndSet(at, index, index + 1));
        ELEMENTS.setRelease(elements, (int) index & mask, element);
        return true;
    }

    /**
     * The next element in the order the producers claimed their slots, or {@code null} when there is none yet
     * (including while the next slot is claimed but its producer has not stored the element: it never skips one).
     * Consumer thread only.
     */
    @SuppressWarnings("unchecked")
    E poll() {
        Indices at = indices;
        long index = (long) CONSUMER_INDEX.get(at);
        int slot = (int) index & mask;
        Object element = ELEMENTS.getAcquire(elements, slot);
        if (element == null) {
            return null;
        }
        ELEMENTS.set(elements, slot, null);
        CONSUMER_INDEX.setRelease(at, index + 1);
        return (E) element;
    }

    /** How many elements were ever accepted by {@link #offer}. */
    long offered() {
        return (long) PRODUCER_INDEX.getVolatile(indices);
    }

    /** How many elements were ever returned by {@link #poll}. */
    long polled() {
        return (long) CONSUMER_INDEX.getVolatile(indices);
    }

    /** {@code true} when every element accepted so far has been polled. */
    boolean isEmpty() {
        return polled() == offered();
    }

    /** Elements accepted and not yet polled (a moment's view). */
    int size() {
        long polled = polled();
        return (int) Math.max(0, Math.min(capacity, offered() - polled));
    }

    /** Fields that keep the producers' and the consumer's indices on cache lines of their own. */
    @SuppressWarnings("unused")
    private static class Padding {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    @SuppressWarnings("unused")
    private static class ProducerIndex extends Padding {
        volatile long producerIndex;
        long producerLimit;
    }

    @SuppressWarnings("unused")
    private static class ProducerPadding extends ProducerIndex {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    @SuppressWarnings("unused")
    private static class ConsumerIndex extends ProducerPadding {
        volatile long consumerIndex;
    }

    @SuppressWarnings("unused")
    private static final class Indices extends ConsumerIndex {
        long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
    }
}
