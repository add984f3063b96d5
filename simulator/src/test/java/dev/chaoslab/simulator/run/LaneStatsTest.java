package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.load.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LaneStatsTest {
    private static final long MS = 1_000_000L;
    private static final int LANES = 4;
    private static final int ARRIVALS = 200_000;
    private static final String[] LABELS = {"get", "put", "buy"};
    private static final Outcome[] OUTCOMES = {Outcome.OK, Outcome.OK, Outcome.OK, Outcome.HTTP_5XX, Outcome.TIMEOUT};

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("lanes record while the run merges and closes seconds: totals, seconds and cells add up exactly")
    void concurrentLanesAddUpExactly() throws Exception {
        RunStats stats = new RunStats(List.of("warm", "peak"));
        for (String label : LABELS) {
            stats.arrivalLabel(label);
        }
        List<LaneStats> lanes = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int l = 0; l < LANES; l++) {
            LaneStats lane = new LaneStats(2);
            lanes.add(lane);
            writers.add(new Thread(() -> {
                await(go);
                for (int i = 0; i < ARRIVALS; i++) {
                    record(lane, i);
                }
            }));
        }
        writers.forEach(Thread::start);
        AtomicBoolean writing = new AtomicBoolean(true);
        long[] closed = {0};
        Thread reader = new Thread(() -> {
            await(go);
            // the run's merges and ticks, as often as they can go: each one races the writers
            for (long merges = 0; writing.get(); merges++) {
                lanes.forEach(lane -> lane.addInto(stats));
                if (merges % 50 == 0) {
                    stats.closeSecond(closed[0]++, 0);
                }
            }
        });
        reader.start();
        go.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        reader.join();
        // the report's last merge
        lanes.forEach(lane -> lane.addInto(stats));
        if (stats.secondHasActivity()) {
            stats.closeSecond(closed[0]++, 0);
        }

        Expected e = new Expected();
        for (int i = 0; i < ARRIVALS; i++) {
            e.add(i);
        }
        long lanes4 = LANES;
        assertThat(stats.scheduledCount()).isEqualTo(lanes4 * ARRIVALS);
        assertThat(stats.droppedCount()).isEqualTo(lanes4 * e.dropped);
        assertThat(stats.sentCount()).isEqualTo(lanes4 * e.sent);
        assertThat(stats.completedCount()).isEqualTo(lanes4 * e.completed);

        List<RunSeconds.Second> timeline = stats.timeline();
        assertThat(timeline.size()).isGreaterThan(1);
        long sent = 0;
        long dropped = 0;
        long[] outcomes = new long[Outcome.values().length];
        for (RunSeconds.Second s : timeline) {
            sent += s.sent();
            dropped += s.dropped();
            for (int o = 0; o < outcomes.length; o++) {
                outcomes[o] += s.outcomes()[o];
            }
        }
        assertThat(sent).isEqualTo(stats.sentCount());
        assertThat(dropped).isEqualTo(stats.droppedCount());
        for (Outcome o : Outcome.values()) {
            assertThat(outcomes[o.ordinal()]).as(o.label()).isEqualTo(lanes4 * e.outcomes[o.ordinal()]);
        }
        long planned = 0;
        for (long t = 0; t < 10; t++) {
            planned += stats.plannedInSecond(t);
        }
        assertThat(planned).isEqualTo(lanes4 * ARRIVALS);

        RunStats.Cell all = stats.select(null, null);
        assertThat(all.corrected.getTotalCount()).isEqualTo(lanes4 * e.completed);
        assertThat(all.service.getTotalCount()).isEqualTo(lanes4 * e.completed);
        for (int label = 0; label < LABELS.length; label++) {
            for (int phase = 0; phase < 2; phase++) {
                RunStats.Cell cell = stats.select(LABELS[label], phase == 0 ? "warm" : "peak");
                assertThat(cell.scheduled).isEqualTo(lanes4 * e.cellScheduled[label][phase]);
                assertThat(cell.dropped).isEqualTo(lanes4 * e.cellDropped[label][phase]);
                assertThat(cell.count).isEqualTo(lanes4 * e.cellCount[label][phase]);
                assertThat(cell.corrected.getTotalCount()).isEqualTo(lanes4 * e.cellCount[label][phase]);
            }
        }
        RunStats.Cell steps = stats.select("buy.step", null);
        assertThat(steps.count).isEqualTo(lanes4 * e.steps);
    }

    /** What arrival {@code i} of a lane does: a fixed pattern, so the expected sums are known. */
    private static void record(LaneStats lane, int i) {
        String label = LABELS[i % LABELS.length];
        int phase = i % 7 == 0 ? 1 : 0;
        long intended = (i % 10) * 1_000 * MS + i % 1_000;
        boolean sent = i % 11 != 0;
        lane.dispatched(label, phase, intended, i % 3 * MS, sent);
        if (!sent) {
            return;
        }
        if (i % 13 == 0) {
            lane.poolBusy(label, phase);
            return;
        }
        if (label.equals("buy")) {
            lane.stepEnded("buy.step", phase, Outcome.OK, 2 * MS, MS);
        }
        lane.arrivalEnded(label, phase, OUTCOMES[i % OUTCOMES.length], (i % 500 + 1) * MS, (i % 50 + 1) * MS);
    }

    private static final class Expected {
        long sent;
        long dropped;
        long completed;
        long steps;
        final long[] outcomes = new long[Outcome.values().length];
        final long[][] cellScheduled = new long[LABELS.length][2];
        final long[][] cellDropped = new long[LABELS.length][2];
        final long[][] cellCount = new long[LABELS.length][2];

        void add(int i) {
            int label = i % LABELS.length;
            int phase = i % 7 == 0 ? 1 : 0;
            cellScheduled[label][phase]++;
            if (i % 11 == 0 || i % 13 == 0) {
                dropped++;
                cellDropped[label][phase]++;
                return;
            }
            sent++;
            completed++;
            cellCount[label][phase]++;
            outcomes[OUTCOMES[i % OUTCOMES.length].ordinal()]++;
            if (LABELS[label].equals("buy")) {
                steps++;
            }
        }
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
