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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A run's steps around its alert check: the pre-flight check before traffic, and after traffic drained, settling
 * so alerts can resolve and the verdicts. Each step completes at once when alerts are not checked.
 *
 * <p>Called on the run's context; timers come from Vert.x.
 */
final class AlertSteps {
    /** How often the expectations' progress is looked at while alerts settle (the status changes only with it). */
    static final Duration SETTLE_CHECK = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final Scenario scenario;
    private final AlertCheck alertCheck;
    private final RunLog log;
    private final Duration settleCheck;
    private boolean progressFailed;
    /** Set once the verdicts are asked for: the check stops watching then, the last view stays. */
    private boolean judging;

    private List<ExpectationProgress> lastProgress = List.of();

    /**
     * @param alertCheck  the alert check of the run, or null when alerts are not checked
     * @param settleCheck how often the progress is looked at while alerts settle ({@link #SETTLE_CHECK})
     */
    AlertSteps(Vertx vertx, Scenario scenario, AlertCheck alertCheck, RunLog log, Duration settleCheck) {
        this.vertx = vertx;
        this.scenario = scenario;
        this.alertCheck = alertCheck;
        this.log = log;
        this.settleCheck = settleCheck;
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
     * Waits the scenario's settle time (when alerts are checked and it has one), calling {@code publish} as it
     * begins and again only when the expectations' progress has changed since (looked at every
     * {@code settleCheck}), so the status shows the settling and each alert as it resolves without being rebuilt
     * while nothing moves; completes at once otherwise.
     *
     * @param soFar the run's timeline as it is when asked
     */
    Future<Void> settle(Supplier<RunTimeline> soFar, Runnable publish) {
        if (alertCheck == null) {
            return Future.succeededFuture();
        }
        Duration settle = alertCheck.settleTime(scenario);
        if (settle == null || settle.isZero() || settle.isNegative()) {
            return Future.succeededFuture();
        }
        publish.run();
        log.info("settling for {} ms so alerts can resolve", settle.toMillis());
        Promise<Void> done = Promise.promise();
        // the view the published status was made from; the timer publishes when the next one differs
        AtomicReference<List<ExpectationProgress>> shown = new AtomicReference<>(lastProgress);
        long check = vertx.setPeriodic(settleCheck.toMillis(), t -> {
            List<ExpectationProgress> now = progress(soFar.get());
            if (!now.equals(shown.getAndSet(now))) {
                publish.run();
            }
        });
        vertx.setTimer(settle.toMillis(), t -> {
            vertx.cancelTimer(check);
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
