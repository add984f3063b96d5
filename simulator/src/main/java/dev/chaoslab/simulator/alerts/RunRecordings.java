package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps, per run, what the verdicts observed until the run's recording is asked for, then records the series
 * behind the rules the run checked ({@link RuleRecorder}) for {@code tune}.
 */
final class RunRecordings {

    private final PrometheusClient prometheus;
    /** Per run id, what the verdicts saw, until {@link #recording} takes it. */
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();

    private record Observed(List<AlertHistory.Instance> instances, long observedUntilMs) {}

    RunRecordings(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    /** Notes the alert instances a run's verdicts saw and how far (ms from the run start) the run was observed. */
    void observed(String runId, List<AlertHistory.Instance> instances, long observedUntilMs) {
        observed.put(runId, new Observed(instances, observedUntilMs));
    }

    /**
     * The run's recording, once; null when its verdicts were not observed or it had no expectations.
     *
     * @param rulesByAlert the alerting rules Prometheus has, by alert name
     */
    Future<Recording> recording(Scenario scenario, RunTimeline timeline, Map<String, List<AlertRule>> rulesByAlert) {
        Observed seen = observed.remove(timeline.runId());
        if (seen == null || scenario.expectations().isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, AlertRule> rules = new LinkedHashMap<>();
        for (Expectation e : scenario.expectations()) {
            for (AlertRule r : rulesByAlert.getOrDefault(e.alert(), List.of())) {
                rules.putIfAbsent(r.group() + "/" + r.name() + "/" + r.expr(), r);
            }
        }
        return new RuleRecorder(prometheus)
                .record(
                        scenario.name(),
                        timeline,
                        seen.observedUntilMs(),
                        List.copyOf(rules.values()),
                        seen.instances());
    }
}
