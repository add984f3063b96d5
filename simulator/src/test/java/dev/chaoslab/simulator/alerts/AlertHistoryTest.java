package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlertHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static ActiveAlert alert(String name, String service, ActiveAlert.State state, long activeAtSeconds) {
        return new ActiveAlert(name, Map.of("service", service), state, t(activeAtSeconds));
    }

    @Test
    @DisplayName("pending, firing and resolution become one episode dated by activeAt, for: and the polls")
    void oneEpisode() {
        AlertHistory h = new AlertHistory(name -> Duration.ofSeconds(30));
        h.observe(t(0), List.of());
        h.observe(t(10), List.of(alert("HighErrors", "payments", ActiveAlert.State.PENDING, 8)));
        h.observe(t(35), List.of(alert("HighErrors", "payments", ActiveAlert.State.PENDING, 8)));
        h.observe(t(45), List.of(alert("HighErrors", "payments", ActiveAlert.State.FIRING, 8)));
        h.observe(t(90), List.of(alert("HighErrors", "payments", ActiveAlert.State.FIRING, 8)));
        h.observe(t(100), List.of());

        assertThat(h.instances()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("HighErrors");
            assertThat(i.labels()).containsEntry("service", "payments");
            // activeAt 8 s + for 30 s = 38 s, inside the (35, 45] interval the polls bound
            assertThat(i.episodes()).containsExactly(new AlertHistory.Episode(t(8), t(38), t(100)));
        });
    }

    @Test
    @DisplayName("a firing start the polls cannot have seen is clamped into the interval between them")
    void clampsFiring() {
        AlertHistory h = new AlertHistory(name -> Duration.ZERO);
        h.observe(t(0), List.of());
        h.observe(t(20), List.of(alert("A", "x", ActiveAlert.State.FIRING, 5)));
        assertThat(h.instances().get(0).episodes()).containsExactly(new AlertHistory.Episode(t(5), t(5), null));

        AlertHistory late = new AlertHistory(name -> Duration.ofMinutes(10));
        late.observe(t(0), List.of());
        late.observe(t(20), List.of(alert("A", "x", ActiveAlert.State.FIRING, 5)));
        // the rule says 10 minutes, but it was seen firing at 20 s: the poll bounds it
        assertThat(late.instances().get(0).episodes().get(0).firingAt()).isEqualTo(t(20));
    }

    @Test
    @DisplayName("an instance that resolves and becomes active again between two polls gets two episodes")
    void restartBetweenPolls() {
        AlertHistory h = new AlertHistory(name -> Duration.ZERO);
        h.observe(t(0), List.of(alert("A", "x", ActiveAlert.State.FIRING, 0)));
        h.observe(t(10), List.of(alert("A", "x", ActiveAlert.State.PENDING, 7)));
        List<AlertHistory.Episode> episodes = h.instances().get(0).episodes();
        assertThat(episodes).hasSize(2);
        assertThat(episodes.get(0).resolvedAt()).isEqualTo(t(7));
        assertThat(episodes.get(1)).isEqualTo(new AlertHistory.Episode(t(7), null, null));
    }

    @Test
    @DisplayName("memory stays bounded: extra instances and old episodes are counted, not kept")
    void bounded() {
        AlertHistory h = new AlertHistory(name -> Duration.ZERO);
        List<ActiveAlert> many = new ArrayList<>();
        for (int i = 0; i < AlertHistory.MAX_INSTANCES + 7; i++) {
            many.add(alert("A", "s" + i, ActiveAlert.State.FIRING, 0));
        }
        h.observe(t(0), many);
        assertThat(h.instances()).hasSize(AlertHistory.MAX_INSTANCES);
        assertThat(h.droppedInstances()).isEqualTo(7);

        AlertHistory flapping = new AlertHistory(name -> Duration.ZERO);
        for (int i = 0; i < AlertHistory.MAX_EPISODES + 5; i++) {
            flapping.observe(t(2L * i), List.of(alert("A", "x", ActiveAlert.State.FIRING, 2L * i)));
            flapping.observe(t(2L * i + 1), List.of());
        }
        assertThat(flapping.instances().get(0).episodes()).hasSize(AlertHistory.MAX_EPISODES);
        assertThat(flapping.droppedEpisodes()).isEqualTo(5);
        assertThat(flapping.instances().get(0).episodes().get(0).pendingAt()).isEqualTo(t(10));
    }

    @Test
    @DisplayName("failed polls are counted and keep the episodes as they were")
    void failedPolls() {
        AlertHistory h = new AlertHistory(name -> Duration.ZERO);
        h.observe(t(0), List.of(alert("A", "x", ActiveAlert.State.FIRING, 0)));
        h.pollFailed(t(5), new PrometheusException("down"));
        assertThat(h.failedPolls()).isEqualTo(1);
        assertThat(h.lastFailure()).isEqualTo("down");
        assertThat(h.instances().get(0).episodes().get(0).resolvedAt()).isNull();
    }
}
