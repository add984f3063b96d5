package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/**
 * A run's steps around its alert check: the pre-flight check before traffic, and after traffic drained, settling
 * so alerts can resolve and the verdicts. Each step completes at once when alerts are not checked.
 *
 * <p>Called on the run's context; timers come from Vert.x.
 */
final class AlertSteps {
    /** How often the status is published while alerts settle. */
    static final Duration SETTLE_UPDATE = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final Scenario scenario;
    private final AlertCheck alertCheck;
    private final RunLog log;
    private boolean progressFailed;
    /** Set once the verdicts are asked for: the check stops watching then, the last view stays. */
    private boolean judging;

    private List<ExpectationProgress> lastProgress = List.of();

    /** @param alertCheck the alert check of the run, or null when alerts are not checked */
    AlertSteps(Vertx vertx, Scenario scenario, AlertCheck alertCheck, RunLog log) {
        this.vertx = vertx;
        this.scenario = scenario;
        this.alertCheck = alertCheck;
        this.log = log;
    }

    /** Checks that the alert rules the scenario expects exist; fails with a {@link RunStartException} if not. */
    Future<Void> preflight() {
        if (alertCheck == null) {
            return Future.succeededFuture();
        }
        return alertCheck
                .preflight(scenario)
                .recover(err -> Future.failedFuture(new RunStartException(
                        "cannot start scenario '" + scenario.name() + "': the alert pre-flight check failed: "
                                + err.getMessage(),
                        err)));
    }

    /**
     * The alert expectations so far, for the live status; none when alerts are not checked, the last view once the
     * verdicts were asked for. Never fails: a view that cannot be made is logged and left empty, the run goes on.
     *
     * @param soFar the run's timeline up to now
     */
    List<ExpectationProgress> progress(RunTimeline soFar) {
        if (alertCheck == null || judging) {
            return lastProgress;
        }
        try {
            lastProgress = alertCheck.progress(scenario, soFar);
            return lastProgress;
        } catch (RuntimeException e) {
            if (!progressFailed) {
                progressFailed = true;
                log.warn("the alert expectations cannot be shown live: {}", e.toString());
            }
            return List.of();
        }
    }

    /**
     * Waits the scenario's settle time (when alerts are checked and it has one), calling {@code onSettling} as it
     * begins and once a second while it waits, so the status shows the alerts settle; completes at once otherwise.
     */
    Future<Void> settle(Runnable onSettling) {
        if (alertCheck == null) {
            return Future.succeededFuture();
        }
        Duration settle = alertCheck.settleTime(scenario);
        if (settle == null || settle.isZero() || settle.isNegative()) {
            return Future.succeededFuture();
        }
        onSettling.run();
        log.info("settling for {} ms so alerts can resolve", settle.toMillis());
        Promise<Void> done = Promise.promise();
        long everySecond = vertx.setPeriodic(SETTLE_UPDATE.toMillis(), t -> onSettling.run());
        vertx.setTimer(settle.toMillis(), t -> {
            vertx.cancelTimer(everySecond);
            done.complete();
        });
        return done.future();
    }

    /** The alert verdicts of the run ({@code timeline}), or none when alerts are not checked. */
    Future<List<Verdict>> verdicts(RunTimeline timeline) {
        if (alertCheck == null) {
            return Future.succeededFuture(List.of());
        }
        judging = true;
        return alertCheck.verdicts(scenario, timeline);
    }

    /** The series behind the checked rules, for {@code tune}; null when alerts are not checked or recording failed. */
    Future<Recording> recording(RunTimeline timeline) {
        if (alertCheck == null) {
            return Future.succeededFuture();
        }
        return alertCheck.recording(scenario, timeline).recover(err -> {
            log.warn(
                    "the series behind the alert rules could not be recorded (tune will not have this run): {}",
                    err.getMessage());
            return Future.succeededFuture();
        });
    }
}
