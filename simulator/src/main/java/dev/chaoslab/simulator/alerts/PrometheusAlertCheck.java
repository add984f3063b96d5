package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Anchor;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a run's alert expectations against a real Prometheus.
 * <ol>
 *   <li>{@code preflight}: Prometheus is reachable and ready and has a rule for every expected alert (else a
 *       clear error listing the alerts it knows); then polling of {@code /api/v1/alerts} starts.</li>
 *   <li>During the run: pending/firing transitions are recorded ({@link AlertHistory}, bounded).</li>
 *   <li>{@code verdicts}, after the run and the settle time: per expectation pass/fail with times to pending,
 *       fire and resolve ({@link VerdictRules}), and the margin of each rule involved from
 *       {@code query_range} ({@link MarginQueries}).</li>
 *   <li>{@code recording}: the series behind the checked rules, for {@code tune} ({@link RunRecordings}).</li>
 * </ol>
 */
public final class PrometheusAlertCheck implements AlertCheck {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusAlertCheck.class);

    /** Polling interval used until the rules' evaluation interval is known. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    /** The poll interval never goes below this, however short the evaluation interval. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

    private final PrometheusClient prometheus;
    private final AlertPoller poller;
    private final ExpectationWatch watch;
    private final Clock clock;
    private final Map<String, List<AlertRule>> rulesByAlert = new ConcurrentHashMap<>();
    private volatile Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private final RunRecordings recordings;
    private final MarginQueries margins;

    public PrometheusAlertCheck(Vertx vertx, PrometheusClient prometheus) {
        this(vertx, prometheus, Clock.systemUTC());
    }

    PrometheusAlertCheck(Vertx vertx, PrometheusClient prometheus, Clock clock) {
        this.prometheus = prometheus;
        this.clock = clock;
        this.poller = new AlertPoller(vertx, prometheus, DEFAULT_POLL_INTERVAL, clock);
        this.recordings = new RunRecordings(prometheus);
        this.margins = new MarginQueries(prometheus, alert -> rulesByAlert.getOrDefault(alert, List.of()));
        poller.forDurations(this::forDuration);
        this.watch = new ExpectationWatch(poller::instances, clock);
    }

    public PrometheusClient prometheus() {
        return prometheus;
    }

    @Override
    public Future<Void> preflight(Scenario scenario) {
        return preflight(scenario.expectations());
    }

    @Override
    public Duration settleTime(Scenario scenario) {
        List<Window> planned = scenario.expectations().stream()
                .map(e -> planned(e.anchor(), scenario))
                .toList();
        return settleTime(
                scenario.expectations(), planned, scenario.totalDuration().toMillis());
    }

    @Override
    public Future<List<Verdict>> verdicts(Scenario scenario, RunTimeline timeline) {
        List<Window> windows = scenario.expectations().stream()
                .map(e -> actual(e.anchor(), scenario, timeline))
                .toList();
        List<Window> faults = timeline.faults().stream()
                .filter(RunTimeline.FaultWindow::applied)
                .map(f -> new Window("chaos[" + f.step() + "]", f.startMs(), Math.max(f.startMs(), f.endMs())))
                .toList();
        return verdicts(
                scenario.expectations(),
                timeline.startedAt(),
                timeline.endMs(),
                windows,
                faults,
                (instances, until) -> recordings.observed(timeline.runId(), instances, until));
    }

    @Override
    public List<ExpectationProgress> progress(Scenario scenario, RunTimeline soFar) {
        return watch.progress(scenario, soFar);
    }

    @Override
    public Future<Recording> recording(Scenario scenario, RunTimeline timeline) {
        return recordings.recording(scenario, timeline, rulesByAlert);
    }

    /** The window an anchor names as the scenario plans it. */
    static Window planned(Anchor anchor, Scenario scenario) {
        Anchor.Window w = anchor.window(scenario);
        return new Window(describe(anchor), w.start().toMillis(), w.end().toMillis());
    }

    /** The window an anchor names as it happened in the run; the plan where the run did not get there. */
    static Window actual(Anchor anchor, Scenario scenario, RunTimeline timeline) {
        String name = describe(anchor);
        return switch (anchor.kind()) {
            case RUN -> new Window(name, 0, timeline.endMs());
            case PHASE ->
                timeline.phases().stream()
                        .filter(p -> p.index() == anchor.index())
                        .findFirst()
                        .map(p -> new Window(name, p.startMs(), Math.max(p.startMs(), p.endMs())))
                        .orElseGet(() -> notReached(planned(anchor, scenario)));
            case CHAOS ->
                timeline.fault(anchor.index())
                        .filter(RunTimeline.FaultWindow::applied)
                        .map(f -> new Window(name, f.startMs(), Math.max(f.startMs(), f.endMs())))
                        .orElseGet(() -> notReached(planned(anchor, scenario)));
        };
    }

    private static Window notReached(Window planned) {
        return new Window(planned.name() + " (planned; the run did not apply it)", planned.startMs(), planned.endMs());
    }

    static String describe(Anchor anchor) {
        return switch (anchor.kind()) {
            case RUN -> "the run";
            case PHASE -> "phase " + anchor.name();
            case CHAOS -> anchor.toString();
        };
    }

    /**
     * Fails with a {@link PrometheusException} when Prometheus is unreachable, not ready, or lacks a rule for an
     * expected alert. On success polling has started; {@link #verdicts} stops it again. No expectations: nothing
     * to check, Prometheus is not contacted.
     */
    Future<Void> preflight(List<Expectation> expectations) {
        if (expectations.isEmpty()) {
            return Future.succeededFuture();
        }
        return prometheus
                .ready()
                .compose(v -> prometheus.rules())
                .map(rules -> {
                    Map<String, List<AlertRule>> byAlert = rules.stream()
                            .filter(r -> r.type() == AlertRule.Type.ALERTING)
                            .collect(Collectors.groupingBy(AlertRule::name, LinkedHashMap::new, Collectors.toList()));
                    Set<String> missing = new LinkedHashSet<>();
                    for (Expectation e : expectations) {
                        if (!byAlert.containsKey(e.alert())) {
                            missing.add(e.alert());
                        }
                    }
                    if (!missing.isEmpty()) {
                        throw new PrometheusException(
                                "Prometheus at " + prometheus.baseUrl() + " has no alert rule named "
                                        + String.join(", ", missing)
                                        + " (named in the scenario's expect block). Alerts it knows: "
                                        + (byAlert.isEmpty()
                                                ? "none — no alert rules are loaded; load the project's docker/prometheus/rules/*.yml"
                                                : String.join(", ", new TreeSet<>(byAlert.keySet())))
                                        + ". Fix the name in the scenario, or load the rule files into that Prometheus.");
                    }
                    rulesByAlert.putAll(byAlert);
                    for (Expectation e : expectations) {
                        for (AlertRule r : byAlert.get(e.alert())) {
                            if ("err".equals(r.health())) {
                                LOG.warn(
                                        "alert rule {} fails to evaluate in Prometheus ({}): its expectations will likely fail",
                                        r.name(),
                                        r.lastError());
                            }
                        }
                    }
                    Duration interval = expectations.stream()
                            .flatMap(e -> byAlert.get(e.alert()).stream())
                            .map(AlertRule::evaluationInterval)
                            .filter(d -> !d.isZero())
                            .min(Duration::compareTo)
                            .orElse(DEFAULT_POLL_INTERVAL);
                    pollInterval = interval.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : interval;
                    poller.interval(pollInterval);
                    poller.acquire();
                    return null;
                })
                .compose(v -> warnAboutDownTargets());
    }

    /** A target Prometheus cannot scrape makes its alerts' rules empty, so silent expectations pass vacuously: say so. */
    private Future<Void> warnAboutDownTargets() {
        return prometheus
                .targets()
                .map(targets -> {
                    for (PrometheusClient.ScrapeTarget t : targets) {
                        if ("down".equals(t.health())) {
                            LOG.warn(
                                    "Prometheus at {} cannot scrape job {} ({}): {}. Rules on its metrics have no data; expectations on them "
                                            + "are not really checked.",
                                    prometheus.baseUrl(),
                                    t.job(),
                                    t.instance(),
                                    t.lastError());
                        }
                    }
                    return (Void) null;
                })
                // the targets list is advice only: an old or proxied Prometheus without it must not stop the run
                .recover(failure -> Future.succeededFuture());
    }

    /**
     * How long to keep watching after the last phase: long enough for every fires/resolves window to close, plus
     * one poll to see the last transition.
     *
     * @param windows the expectations' reference windows as planned, one per expectation
     */
    Duration settleTime(List<Expectation> expectations, List<Window> windows, long runDurationMs) {
        if (expectations.isEmpty()) {
            return Duration.ZERO;
        }
        long needed = 0;
        for (int i = 0; i < expectations.size(); i++) {
            Expectation e = expectations.get(i);
            Window w = windows.get(i);
            long until = switch (e.kind()) {
                case FIRES, NOTIFIES -> w.startMs() + e.within().toMillis();
                case RESOLVES -> w.endMs() + e.within().toMillis();
                case SILENT, NOT_NOTIFIED -> w.endMs();
            };
            needed = Math.max(needed, until - runDurationMs);
        }
        return Duration.ofMillis(needed).plus(pollInterval).plus(pollInterval);
    }

    /**
     * The report's {@code expectations}: one verdict per expectation, in the scenario's order.
     * Releases the polling that {@link #preflight} started, also when it fails.
     *
     * @param windows    the reference windows as they really happened, one per expectation
     * @param faults     the windows of the faults the run applied (the quiet part of the run ends at the first)
     * @param runEndMs   when the last phase ended, ms from the run start
     */
    Future<List<Verdict>> verdicts(
            List<Expectation> expectations,
            Instant runStart,
            long runEndMs,
            List<Window> windows,
            Collection<Window> faults) {
        return verdicts(expectations, runStart, runEndMs, windows, faults, (instances, until) -> {});
    }

    /** @param onObserved told the alert instances seen and how far (ms from the run start) the run was observed */
    private Future<List<Verdict>> verdicts(
            List<Expectation> expectations,
            Instant runStart,
            long runEndMs,
            List<Window> windows,
            Collection<Window> faults,
            BiConsumer<List<AlertHistory.Instance>, Long> onObserved) {
        if (expectations.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return poller.pollNow()
                .compose(v -> {
                    AlertHistory history = poller.history();
                    long observedUntil =
                            Duration.between(runStart, clock.instant()).toMillis();
                    List<AlertHistory.Instance> instances = history == null ? List.of() : history.instances();
                    onObserved.accept(instances, observedUntil);
                    List<Verdict> verdicts = new ArrayList<>();
                    for (int i = 0; i < expectations.size(); i++) {
                        Expectation e = expectations.get(i);
                        Window ref = windows.get(i);
                        Verdict verdict =
                                VerdictRules.decide(e, ref, instances, runStart, observedUntil, forDuration(e.alert()));
                        verdicts.add(withPollingNote(verdict, history));
                    }
                    return margins.attach(expectations, verdicts, runStart, observedUntil, windows, faults, runEndMs);
                })
                .onComplete(ar -> poller.release());
    }

    /** Polls once now (tests drive transitions this way instead of waiting for the timer). */
    Future<Void> pollNow() {
        return poller.pollNow();
    }

    /** Whether polling runs (some run is between preflight and verdicts). */
    boolean watching() {
        return poller.history() != null;
    }

    private Verdict withPollingNote(Verdict v, AlertHistory history) {
        if (history == null || history.failedPolls() == 0) {
            return v;
        }
        String note = " (" + history.failedPolls() + " of " + (history.polls() + history.failedPolls())
                + " polls of Prometheus failed: " + history.lastFailure() + ")";
        return v.withDetail(v.detail() + note);
    }

    private Duration forDuration(String alert) {
        return rulesByAlert.getOrDefault(alert, List.of()).stream()
                .map(AlertRule::forDuration)
                .min(Duration::compareTo)
                .orElse(Duration.ZERO);
    }
}
