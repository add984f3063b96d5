package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.ExpectationProgress.State;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class AlertStepsTest {

    private static final Duration CHECK = Duration.ofMillis(20);
    private static final Scenario SCENARIO = Scenarios.constant("settle-test", 9, "/", 1, "1s");
    private static final RunTimeline TIMELINE = new RunTimeline("r-settle", Instant.now(), 1_000, List.of(), List.of());
    private static final RunLog LOG = new RunLog(LoggerFactory.getLogger(AlertStepsTest.class), "r-settle", "test");

    /** Settles for one second and answers the progress the function gives for the n-th call (from 0). */
    private static final class SettlingCheck implements AlertCheck {
        final List<List<ExpectationProgress>> answered = new CopyOnWriteArrayList<>();
        private final IntFunction<List<ExpectationProgress>> progress;

        SettlingCheck(IntFunction<List<ExpectationProgress>> progress) {
            this.progress = progress;
        }

        @Override
        public Future<Void> preflight(Scenario scenario) {
            return Future.succeededFuture();
        }

        @Override
        public Duration settleTime(Scenario scenario) {
            return Duration.ofSeconds(1);
        }

        @Override
        public Future<List<Verdict>> verdicts(Scenario scenario, RunTimeline timeline) {
            return Future.succeededFuture(List.of());
        }

        @Override
        public List<ExpectationProgress> progress(Scenario scenario, RunTimeline soFar) {
            List<ExpectationProgress> now = progress.apply(answered.size());
            answered.add(now);
            return now;
        }
    }

    private static List<ExpectationProgress> state(State state) {
        return List.of(new ExpectationProgress(
                0, "ChaoslabHighErrorRatio", Map.of(), Expectation.Kind.RESOLVES, "chaos[0]", 60_000L, state, 0L, 0L));
    }

    /** How many times {@code seen} differs from the view before it, starting from none. */
    private static int changes(List<List<ExpectationProgress>> seen) {
        int changes = 0;
        List<ExpectationProgress> before = List.of();
        for (List<ExpectationProgress> now : seen) {
            if (!now.equals(before)) {
                changes++;
            }
            before = now;
        }
        return changes;
    }

    /** Settles on a context of {@code vertx} and waits for it; returns how often the status was published. */
    private static int settle(Vertx vertx, AlertSteps steps) {
        AtomicInteger published = new AtomicInteger();
        Promise<Void> settled = Promise.promise();
        vertx.runOnContext(v -> steps.settle(() -> TIMELINE, published::incrementAndGet)
                .onSuccess(settled::complete)
                .onFailure(settled::fail));
        settled.future().await();
        return published.get();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("while alerts settle the status is published as settling begins and once per change of the "
            + "expectations' progress, not on every check")
    void publishesOnChange(Vertx vertx) {
        SettlingCheck check = new SettlingCheck(
                n -> n < 3 ? state(State.FIRING) : n < 6 ? state(State.RESOLVED) : state(State.PASSED));

        int published = settle(vertx, new AlertSteps(vertx, SCENARIO, check, LOG, CHECK));

        List<List<ExpectationProgress>> seen = List.copyOf(check.answered);
        // a check every 20 ms for a second: all three views were seen, each change published once
        assertThat(changes(seen)).as("views seen: %s", seen.size()).isEqualTo(3);
        assertThat(published).as("settling began, then one publish per change").isEqualTo(1 + 3);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("progress that does not move while alerts settle publishes the status once, as settling begins")
    void quietWhileNothingMoves(Vertx vertx) {
        SettlingCheck check = new SettlingCheck(n -> state(State.FIRING));
        AlertSteps steps = new AlertSteps(vertx, SCENARIO, check, LOG, CHECK);
        // the status published as settling begins was made from this view (the run's record asks for it)
        steps.progress(TIMELINE);

        int published = settle(vertx, steps);

        assertThat(check.answered)
                .as("the progress was looked at while settling")
                .hasSizeGreaterThan(2);
        assertThat(published).isEqualTo(1);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("without an alert check there is nothing to settle: no wait, no publish")
    void noCheck(Vertx vertx) {
        assertThat(settle(vertx, new AlertSteps(vertx, SCENARIO, null, LOG, CHECK)))
                .isZero();
    }
}
