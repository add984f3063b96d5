package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's Micrometer meters and client-span attributes: per phase (scheduled, dropped) and per request label and
 * phase (outcomes, corrected and service latency). All are registered when made, before traffic starts, so every
 * series exists at 0 from the run's start and the lanes only read this object (thread-safe after construction).
 * Registering is CPU work proportional to phases × labels (bounded by validation): make this on a worker. Call
 * {@link #release} once when the run is over, so {@code /metrics} does not grow with every run.
 */
final class RunMeters {
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("chaoslab.run_id");
    static final AttributeKey<String> SCENARIO = AttributeKey.stringKey("chaoslab.scenario");
    static final AttributeKey<String> PHASE = AttributeKey.stringKey("chaoslab.phase");
    static final AttributeKey<String> REQUEST = AttributeKey.stringKey("chaoslab.request");

    /** The meters of one phase. */
    record PhaseMeters(Counter scheduled, Counter dropped) {}

    /** The meters and span attributes of one request label in one phase. */
    static final class LabelMeters {
        private final Counter[] outcomes;
        final Timer corrected;
        final Timer service;
        final Attributes attributes;

        private LabelMeters(Counter[] outcomes, Timer corrected, Timer service, Attributes attributes) {
            this.outcomes = outcomes;
            this.corrected = corrected;
            this.service = service;
            this.attributes = attributes;
        }

        /** The counter of requests that ended with {@code outcome}. */
        Counter outcome(Outcome outcome) {
            return outcomes[outcome.ordinal()];
        }
    }

    private final SimulatorMetrics metrics;
    private final PhaseMeters[] phases;
    private final List<Map<String, LabelMeters>> labels = new ArrayList<>();
    private final List<Meter> registered = new ArrayList<>();

    /**
     * Registers the meters of every phase and of every request label in each.
     *
     * @param labels the request labels: plain requests' names and {@code journey.step} of each journey step
     */
    static RunMeters register(
            SimulatorMetrics metrics,
            String runId,
            String scenario,
            List<String> phaseNames,
            Collection<String> labels) {
        return metrics.hold(() -> new RunMeters(metrics, runId, scenario, phaseNames, labels), m -> m.registered);
    }

    private RunMeters(
            SimulatorMetrics metrics,
            String runId,
            String scenario,
            List<String> phaseNames,
            Collection<String> labels) {
        this.metrics = metrics;
        this.phases = new PhaseMeters[phaseNames.size()];
        for (int phase = 0; phase < phaseNames.size(); phase++) {
            String name = phaseNames.get(phase);
            phases[phase] = new PhaseMeters(metrics.scheduled(scenario, name), metrics.dropped(scenario, name));
            Map<String, LabelMeters> byLabel = new HashMap<>();
            for (String label : labels) {
                Counter[] outcomes = new Counter[Outcome.values().length];
                for (Outcome o : Outcome.values()) {
                    outcomes[o.ordinal()] = metrics.completed(scenario, name, label, o.label());
                }
                LabelMeters m = new LabelMeters(
                        outcomes,
                        metrics.latency(scenario, name, label, "corrected"),
                        metrics.latency(scenario, name, label, "service"),
                        Attributes.of(RUN_ID, runId, SCENARIO, scenario, PHASE, name, REQUEST, label));
                byLabel.put(label, m);
                registered.addAll(List.of(outcomes));
                registered.add(m.corrected);
                registered.add(m.service);
            }
            this.labels.add(byLabel);
            registered.add(phases[phase].scheduled());
            registered.add(phases[phase].dropped());
        }
    }

    /** Gives the run's meters back: those no other live run of the scenario holds leave the registry. */
    void release() {
        metrics.release(registered);
    }

    PhaseMeters phase(int phase) {
        return phases[phase];
    }

    LabelMeters label(String label, int phase) {
        return labels.get(phase).get(label);
    }

    /** The schedule lag of one dispatch ({@code chaoslab_schedule_lag_seconds}). */
    void recordLag(long lagNanos) {
        metrics.recordLag(lagNanos);
    }
}
