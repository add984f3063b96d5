package dev.chaoslab.simulator.alerts;

import static dev.chaoslab.simulator.alerts.VerdictRulesTest.BASELINE;
import static dev.chaoslab.simulator.alerts.VerdictRulesTest.INCIDENT;
import static dev.chaoslab.simulator.alerts.VerdictRulesTest.START;
import static dev.chaoslab.simulator.alerts.VerdictRulesTest.episode;
import static dev.chaoslab.simulator.alerts.VerdictRulesTest.fires;
import static dev.chaoslab.simulator.alerts.VerdictRulesTest.payments;
import static dev.chaoslab.simulator.alerts.VerdictRulesTest.resolves;
import static dev.chaoslab.simulator.alerts.VerdictRulesTest.silent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.ExpectationProgress.State;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExpectationWatchTest {

    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    private static ExpectationProgress at(long nowS, Expectation e, Window ref, AlertHistory.Episode... episodes) {
        return ExpectationWatch.of(e, ref, payments(episodes), START, nowS * 1000);
    }

    @Test
    @DisplayName("fires: waiting before its fault, quiet, pending, firing with the time to fire from the fault's start")
    void firesGoesThroughItsStates() {
        Expectation e = fires(TWO_MINUTES);
        assertThat(at(30, e, null).state()).isEqualTo(State.WAITING);
        assertThat(at(59, e, INCIDENT).state()).isEqualTo(State.WAITING);
        assertThat(at(65, e, INCIDENT).state()).isEqualTo(State.QUIET);
        ExpectationProgress pending = at(80, e, INCIDENT, episode(75L, null, null));
        assertThat(pending.state()).isEqualTo(State.PENDING);
        assertThat(pending.sinceMs()).isEqualTo(75_000);
        assertThat(pending.timeToFireMs()).isNull();
        ExpectationProgress firing = at(100, e, INCIDENT, episode(75L, 95L, null));
        assertThat(firing.state()).isEqualTo(State.FIRING);
        assertThat(firing.sinceMs()).isEqualTo(95_000);
        assertThat(firing.timeToFireMs()).isEqualTo(35_000);
        assertThat(firing.withinMs()).isEqualTo(120_000);
        assertThat(firing.reference()).isEqualTo("chaos[0]");
        assertThat(firing.labels()).isEqualTo(Map.of("service", "payments"));
        assertThat(at(200, e, INCIDENT, episode(75L, 95L, 190L)).state()).isEqualTo(State.RESOLVED);
    }

    @Test
    @DisplayName("fires: missed once its limit passed without firing, failed when it fired later than the limit")
    void firesDecidedAgainst() {
        Expectation e = fires(Duration.ofSeconds(30));
        assertThat(at(89, e, INCIDENT, episode(80L, null, null)).state()).isEqualTo(State.PENDING);
        ExpectationProgress missed = at(91, e, INCIDENT, episode(80L, null, null));
        assertThat(missed.state()).isEqualTo(State.MISSED);
        assertThat(missed.sinceMs()).isEqualTo(90_000);
        ExpectationProgress late = at(120, e, INCIDENT, episode(80L, 100L, null));
        assertThat(late.state()).isEqualTo(State.FAILED);
        assertThat(late.timeToFireMs()).isEqualTo(40_000);
    }

    @Test
    @DisplayName("an episode of another instance or alert does not count; one that ended before the window neither")
    void onlyMatchingEpisodesInTheWindow() {
        Expectation e = fires(TWO_MINUTES);
        List<AlertHistory.Instance> other = List.of(new AlertHistory.Instance(
                "ChaoslabHighErrorRatio", Map.of("service", "orders"), List.of(episode(61L, 62L, null))));
        assertThat(ExpectationWatch.of(e, INCIDENT, other, START, 70_000).state())
                .isEqualTo(State.QUIET);
        assertThat(at(70, e, INCIDENT, episode(10L, 20L, 30L)).state()).isEqualTo(State.QUIET);
    }

    @Test
    @DisplayName(
            "silent: quiet so far, pending is a near miss, failed at once when it fires, passed when its window ends")
    void silentStates() {
        Expectation e = silent();
        assertThat(at(10, e, BASELINE).state()).isEqualTo(State.QUIET);
        assertThat(at(20, e, BASELINE, episode(15L, null, null)).state()).isEqualTo(State.PENDING);
        ExpectationProgress failed = at(40, e, BASELINE, episode(15L, 30L, null));
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.sinceMs()).isEqualTo(30_000);
        assertThat(failed.timeToFireMs()).isEqualTo(30_000);
        assertThat(at(70, e, BASELINE, episode(15L, 30L, 45L)).state()).isEqualTo(State.FAILED);
        ExpectationProgress passed = at(61, e, BASELINE, episode(15L, null, 20L));
        assertThat(passed.state()).isEqualTo(State.PASSED);
        assertThat(passed.sinceMs()).isEqualTo(60_000);
        assertThat(at(61, e, BASELINE, episode(55L, null, null)).state())
                .as("pending since inside the window: its firing may still be dated inside it")
                .isEqualTo(State.PENDING);
        assertThat(at(70, e, BASELINE, episode(65L, 66L, null)).state())
                .as("firing after its window ended")
                .isEqualTo(State.PASSED);
    }

    @Test
    @DisplayName("resolves: firing while it waits, resolved within the limit, failed late, missed while still firing")
    void resolvesStates() {
        Expectation e = resolves(Duration.ofSeconds(60));
        assertThat(at(70, e, INCIDENT).state()).isEqualTo(State.QUIET);
        assertThat(at(150, e, INCIDENT, episode(70L, 80L, null)).state()).isEqualTo(State.FIRING);
        ExpectationProgress resolved = at(230, e, INCIDENT, episode(70L, 80L, 220L));
        assertThat(resolved.state()).isEqualTo(State.RESOLVED);
        assertThat(resolved.sinceMs()).isEqualTo(220_000);
        assertThat(resolved.timeToFireMs()).isEqualTo(20_000);
        assertThat(at(260, e, INCIDENT, episode(70L, 80L, 250L)).state()).isEqualTo(State.FAILED);
        assertThat(at(241, e, INCIDENT, episode(70L, 80L, null)).state()).isEqualTo(State.MISSED);
        assertThat(at(241, e, INCIDENT).state()).as("never fired").isEqualTo(State.MISSED);
    }

    @Test
    @DisplayName("from a scenario and the run's timeline so far: the fault not applied is waited for, then followed")
    void fromTheTimelineSoFar() throws Exception {
        Scenario scenario = new ScenarioLoader().loadScenario("test", """
      scenarios:
        - name: windows
          targets: {gateway: http://127.0.0.1:8080, payments: http://127.0.0.1:8082}
          phases:
            - {name: before, duration: 60s, shape: {type: constant, rate: 1}}
            - {name: incident, duration: 60s, shape: {type: constant, rate: 1}}
          requests:
            - {name: list, target: gateway, method: GET, path: /api/products}
          chaos:
            - {name: burst, at: 60s, target: payments, duration: 30s, fault: {type: error, status: 503}}
          expect:
            - {alert: ChaoslabHighErrorRatio, labels: {service: payments}, fires: {within: 2m, of: burst}}
            - {alert: ChaoslabHighErrorRatio, silent: {during: before}}
            - {alert: ChaoslabTargetDown, silent: {during: run}}
      """);
        List<AlertHistory.Instance> seen = payments(episode(62L, 70L, null));

        RunTimeline at30s = new RunTimeline(
                "r-1",
                START,
                30_000,
                List.of(new RunTimeline.PhaseWindow(0, "before", 0, 30_000)),
                List.of(new RunTimeline.FaultWindow(
                        0, "payments", "error", 60_000, 90_000, false, FaultState.PENDING)));
        assertThat(watch(seen, 30).progress(scenario, at30s))
                .extracting(ExpectationProgress::state)
                .containsExactly(State.WAITING, State.QUIET, State.QUIET);

        RunTimeline at75s = new RunTimeline(
                "r-1",
                START,
                75_000,
                List.of(
                        new RunTimeline.PhaseWindow(0, "before", 0, 60_010),
                        new RunTimeline.PhaseWindow(1, "incident", 60_010, 75_000)),
                List.of(new RunTimeline.FaultWindow(0, "payments", "error", 60_050, 90_050, true, FaultState.ACTIVE)));
        List<ExpectationProgress> progress = watch(seen, 75).progress(scenario, at75s);
        assertThat(progress)
                .extracting(ExpectationProgress::state)
                .containsExactly(State.FIRING, State.PASSED, State.QUIET);
        assertThat(progress.get(0).timeToFireMs()).isEqualTo(70_000 - 60_050);
        assertThat(progress.get(0).reference()).isEqualTo("chaos[0] (burst)");
        assertThat(progress.get(1).sinceMs()).as("the phase's real end").isEqualTo(60_010);
        assertThat(progress).extracting(ExpectationProgress::index).containsExactly(0, 1, 2);

        RunTimeline refused = new RunTimeline(
                "r-1",
                START,
                75_000,
                at75s.phases(),
                List.of(new RunTimeline.FaultWindow(0, "payments", "error", 60_000, 90_000, false, FaultState.FAILED)));
        ExpectationProgress planned =
                watch(seen, 75).progress(scenario, refused).get(0);
        assertThat(planned.state()).as("a refused fault counts as planned").isEqualTo(State.FIRING);
        assertThat(planned.timeToFireMs()).isEqualTo(10_000);

        assertThat(new ExpectationWatch(() -> null, Clock.systemUTC()).progress(scenario, at75s))
                .as("nobody polls")
                .isEmpty();
    }

    private static ExpectationWatch watch(List<AlertHistory.Instance> seen, long nowS) {
        return new ExpectationWatch(() -> seen, Clock.fixed(START.plusSeconds(nowS), ZoneOffset.UTC));
    }
}
