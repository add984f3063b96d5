package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlertStateMachineTest {

    private static final List<Map<String, String>> ONE = List.of(Map.of("service", "a"));

    private static List<Episode> run(long forMs, long keepMs, boolean... returned) {
        AlertStateMachine m = new AlertStateMachine(1, forMs, keepMs);
        for (int k = 0; k < returned.length; k++) {
            m.evaluate(k * 5000L, new boolean[] {returned[k]});
        }
        return m.episodes(ONE);
    }

    @Test
    @DisplayName(
            "an instance fires at the first evaluation at least `for` after it became pending and resolves when it disappears")
    void pendingFiringResolved() {
        List<Episode> e = run(10_000, 0, false, true, true, true, true, false, false);
        assertThat(e).containsExactly(new Episode(Map.of("service", "a"), 5000, 15_000L, 25_000L));
    }

    @Test
    @DisplayName("with for: 0 an instance fires at the evaluation that first returns it")
    void forZero() {
        assertThat(run(0, 0, false, true, false))
                .containsExactly(new Episode(Map.of("service", "a"), 5000, 5000L, 10_000L));
    }

    @Test
    @DisplayName("a pending instance that disappears before `for` never fires, and a later return starts anew")
    void pendingDropped() {
        List<Episode> e = run(10_000, 0, true, true, false, true);
        assertThat(e)
                .containsExactly(
                        new Episode(Map.of("service", "a"), 0, null, 10_000L),
                        new Episode(Map.of("service", "a"), 15_000, null, null));
    }

    @Test
    @DisplayName("keep_firing_for keeps a firing instance until that long after the expression stopped returning it")
    void keepFiringFor() {
        // firing at 0; not returned from 5 s; keep 10 s: still firing at 5 s and 10 s, resolved at 15 s
        List<Episode> e = run(0, 10_000, true, false, false, false, false);
        assertThat(e).containsExactly(new Episode(Map.of("service", "a"), 0, 0L, 15_000L));
        // returned again while kept: the same episode goes on
        assertThat(run(0, 10_000, true, false, true, false, false, false))
                .containsExactly(new Episode(Map.of("service", "a"), 0, 0L, 25_000L));
    }
}
