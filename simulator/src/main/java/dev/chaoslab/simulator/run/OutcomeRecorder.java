package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Exchange;
import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.scenario.ExpectedStatuses;
import io.opentelemetry.context.Scope;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The engine's one port for outcomes (Gatling's {@code StatsEngine}): what became of each arrival and request goes
 * here and nowhere else, and from here to the lane's statistics, the meters and the error catalogue.
 *
 * <p>One per lane, called on the lane's context; what it shares with the other lanes (meters, the catalogue) is
 * thread-safe. Once the run's report is made nothing more is recorded.
 */
final class OutcomeRecorder {
    private final LaneStats stats;
    private final RunMeters meters;
    private final ErrorCatalog errors;
    private final RunLog log;
    private final LongSupplier elapsedMs;
    private final BooleanSupplier reported;

    /**
     * @param elapsedMs time since the run's start, for the error catalogue
     * @param reported  true once the report is made: later outcomes are left out
     */
    OutcomeRecorder(
            LaneStats stats,
            RunMeters meters,
            ErrorCatalog errors,
            RunLog log,
            LongSupplier elapsedMs,
            BooleanSupplier reported) {
        this.stats = stats;
        this.meters = meters;
        this.errors = errors;
        this.log = log;
        this.elapsedMs = elapsedMs;
        this.reported = reported;
    }

    /** An arrival of {@code label} was dispatched {@code lagNanos} late, and admitted or dropped at the cap. */
    void dispatched(String label, int phase, long intendedOffsetNanos, long lagNanos, boolean admitted) {
        meters.recordLag(lagNanos);
        RunMeters.PhaseMeters phaseMeters = meters.phase(phase);
        phaseMeters.scheduled().increment();
        stats.dispatched(label, phase, intendedOffsetNanos, lagNanos, admitted);
        if (!admitted) {
            phaseMeters.dropped().increment();
        }
    }

    /** An admitted arrival found no connection (the pool and its line full): it is dropped after all. */
    void poolBusy(String label, int phase) {
        if (!reported.getAsBoolean()) {
            stats.poolBusy(label, phase);
            meters.phase(phase).dropped().increment();
        }
    }

    /** A whole arrival (a plain request or a journey) ended; {@code serviceNanos} negative: never sent. */
    void arrivalEnded(String label, int phase, Outcome outcome, long correctedNanos, long serviceNanos) {
        if (!reported.getAsBoolean()) {
            stats.arrivalEnded(label, phase, outcome, correctedNanos, serviceNanos);
        }
    }

    /**
     * One request ended with an answer or a failure: its meters (with its trace as exemplar), its error kind, and
     * for a journey step its own statistics.
     */
    void requestEnded(
            String label,
            int phase,
            boolean journeyStep,
            Outcome outcome,
            long correctedNanos,
            Exchange exchange,
            ExpectedStatuses expected) {
        if (reported.getAsBoolean()) {
            return;
        }
        RunMeters.LabelMeters m = meters.label(label, phase);
        // the client span is current while recording, so the histograms' exemplars point at this request's trace;
        // attached to the Vert.x context storage directly, where the telemetry module's exemplar sampler looks
        try (Scope ignored = VertxContextStorageProvider.VertxContextStorage.INSTANCE.attach(exchange.trace())) {
            count(m, outcome, correctedNanos, exchange.serviceNanos());
            if (outcome.isError()) {
                catalogue(
                        label,
                        outcome,
                        ErrorCause.of(exchange, expected)); // its log line carries the request's trace id
            }
        }
        if (journeyStep) {
            stats.stepEnded(label, phase, outcome, correctedNanos, exchange.serviceNanos());
        }
    }

    /** A request could not be made (e.g. a template value missing): an error of this arrival, never of the run. */
    void unsendable(String label, int phase, boolean journeyStep, RuntimeException cause, long correctedNanos) {
        catalogue(label, Outcome.OTHER, ErrorCause.ofFailure(cause, null));
        if (reported.getAsBoolean()) {
            return;
        }
        count(meters.label(label, phase), Outcome.OTHER, correctedNanos, -1);
        if (journeyStep) {
            stats.stepEnded(label, phase, Outcome.OTHER, correctedNanos, -1);
        }
    }

    private static void count(RunMeters.LabelMeters m, Outcome outcome, long correctedNanos, long serviceNanos) {
        m.outcome(outcome).increment();
        m.corrected.record(correctedNanos, TimeUnit.NANOSECONDS);
        if (serviceNanos >= 0) {
            m.service.record(serviceNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts an error under its kind; the first of each kind is logged (with the trace id when one is current). */
    private void catalogue(String label, Outcome outcome, ErrorCause cause) {
        if (errors.record(label, outcome, cause, elapsedMs.getAsLong())) {
            log.info("first error of its kind from {}: {} ({})", label, cause.message(), outcome.label());
        }
    }
}
