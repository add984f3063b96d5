package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.SecondRow;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunStatsTimelineTest {
    private static final long MS = 1_000_000L;

    @Test
    @DisplayName("the timeline counts an arrival as scheduled in the second it was intended for, however late it left")
    void scheduledByIntendedSecond() {
        RunStats stats = new RunStats(List.of("steady"));
        LaneStats lane = new LaneStats(1);
        for (int i = 0; i < 3; i++) {
            lane.dispatched("get", 0, 500 * MS, 0, true);
        }
        lane.addInto(stats);
        stats.closeSecond(0, 0);
        // a stalled scheduler dispatches second 0's last arrival during second 1
        lane.dispatched("get", 0, 900 * MS, 0, true);
        lane.dispatched("get", 0, 1_200 * MS, 0, true);
        lane.addInto(stats);
        stats.closeSecond(1, 0);

        List<SecondRow> timeline = stats.secondRows();
        assertThat(timeline.get(0).scheduled()).isEqualTo(4);
        assertThat(timeline.get(0).sent()).isEqualTo(3);
        assertThat(timeline.get(1).scheduled()).isEqualTo(1);
        assertThat(timeline.get(1).sent()).isEqualTo(2);
        assertThat(stats.scheduledCount()).isEqualTo(5);
    }

    @Test
    @DisplayName("runs longer than the first allocation keep every second of the plan")
    void growsWithTheRun() {
        RunStats stats = new RunStats(List.of("long"));
        LaneStats lane = new LaneStats(1);
        for (long t = 0; t < 200; t++) {
            lane.dispatched("get", 0, t * 1_000 * MS + 10 * MS, 0, true);
            lane.addInto(stats);
            stats.closeSecond(t, 0);
        }
        List<SecondRow> timeline = stats.secondRows();
        assertThat(timeline).hasSize(200);
        assertThat(timeline.get(199).scheduled()).isEqualTo(1);
    }
}
