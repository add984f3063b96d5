package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BoundedMpscQueueTest {

    @Test
    @DisplayName("holds exactly its capacity, also when that is not a power of two, and takes more once polled")
    void refusesExactlyWhenFull() {
        for (int capacity : new int[] {1, 5, 8, 100}) {
            BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(capacity);
            for (int round = 0; round < 3; round++) { // wraps around the slots
                for (int i = 0; i < capacity; i++) {
                    assertThat(queue.offer(i))
                            .as("capacity %d, element %d", capacity, i)
                            .isTrue();
                }
                assertThat(queue.offer(-1))
                        .as("capacity %d, one more", capacity)
                        .isFalse();
                assertThat(queue.size()).isEqualTo(capacity);
                assertThat(queue.poll()).isZero();
                assertThat(queue.offer(capacity)).isTrue();
                assertThat(queue.offer(-1)).isFalse();
                for (int i = 1; i <= capacity; i++) {
                    assertThat(queue.poll()).isEqualTo(i);
                }
                assertThat(queue.poll()).isNull();
                assertThat(queue.isEmpty()).isTrue();
            }
            assertThat(queue.offered()).isEqualTo(queue.polled()).isEqualTo(3L * (capacity + 1));
        }
        assertThatThrownBy(() -> new BoundedMpscQueue<>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "under four producers at capacity and a consumer, every element accepted is polled once, each producer's in its order, and a refusal means full")
    void concurrentProducersAtCapacity() throws InterruptedException {
        int producers = 4;
        int perProducer = 200_000;
        int capacity = 64;
        BoundedMpscQueue<long[]> queue = new BoundedMpscQueue<>(capacity);
        AtomicLong refused = new AtomicLong();
        AtomicLong refusedWithRoom = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long sequence = 0; sequence < perProducer; ) {
                    long polledBefore = queue.polled();
                    if (queue.offer(new long[] {producer, sequence})) {
                        sequence++;
                    } else {
                        refused.incrementAndGet();
                        // full means capacity elements were waiting at some moment after polledBefore was read:
                        // offered minus polled-before-the-offer is then at least the capacity
                        if (queue.offered() - polledBefore < capacity) {
                            refusedWithRoom.incrementAndGet();
                        }
                        Thread.onSpinWait();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        long[] next = new long[producers];
        go.countDown();
        long received = 0;
        while (received < (long) producers * perProducer) {
            long[] element = queue.poll();
            if (element == null) {
                Thread.onSpinWait();
                continue;
            }
            assertThat(element[1]).as("producer %d's next element", element[0]).isEqualTo(next[(int) element[0]]);
            next[(int) element[0]]++;
            received++;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(queue.poll()).isNull();
        assertThat(next).containsOnly(perProducer);
        assertThat(refused.get()).as("the producers did run into a full queue").isPositive();
        assertThat(refusedWithRoom.get()).as("refusals while there was room").isZero();
    }
}
