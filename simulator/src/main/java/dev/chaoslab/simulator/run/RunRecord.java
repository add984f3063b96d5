package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.chaos.ChaosTimeline;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.PhaseSpan;
import dev.chaoslab.simulator.result.Rate;
import dev.chaoslab.simulator.result.RateChangeAt;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps what a run's status and report show — its state, start and end, failure, the threshold that stopped it,
 * the phase it is in, the achieved rate and the rate changes — and publishes the status snapshot through
 * {@link RunSnapshots}; it holds the run's {@link RateDial}, whose setting the status shows as it is now.
 *
 * <p>Thread-safety: written on the run's context (or in its constructor); {@link #status()}, the flags and the
 * figures the rate dial and the lanes read are safe from any thread (volatile; the status is immutable).
 */
final class RunRecord {
    /** Kinds of error the live status lists (the most frequent); the report lists them all. */
    static final int STATUS_ERROR_KINDS = 10;

    private final RunSnapshots snapshots;
    private final ArrivalGenerator generator;
    private final RateDial dial;
    private final LongSupplier elapsedNanos;
    private final AtomicLong inFlight;
    private final ErrorCatalog errors;
    private final List<String> phaseNames;
    private final List<RateChangeAt> rateChanges = new CopyOnWriteArrayList<>();

    private volatile RunState state = RunState.RUNNING;
    private volatile Instant startedAt;
    private volatile RunStats stats;
    private volatile ChaosTimeline chaos;
    private volatile boolean ending;
    private volatile AbortedBy abortedBy;
    private volatile String phaseLabel;
    private volatile double achievedRate;
    private volatile long inFlightNow;
    private volatile RunStatus snapshot;
    private volatile Supplier<List<ExpectationProgress>> expectationSource = List::of;
    private volatile List<ExpectationProgress> expectations = List.of();
    private Instant endedAt;
    private String failure;

    /**
     * @param rateMultiplier the rate dial's starting multiplier, or null for 1
     * @param elapsedNanos   nanoseconds since traffic started (read only once {@link #started} was called)
     * @param inFlight       the run's in-flight request counter
     */
    RunRecord(
            RunSnapshots snapshots,
            ArrivalGenerator generator,
            Double rateMultiplier,
            LongSupplier elapsedNanos,
            AtomicLong inFlight,
            ErrorCatalog errors,
            List<String> phaseNames,
            RunLog log) {
        this.snapshots = snapshots;
        this.generator = generator;
        // the dial shows the figures kept here, and the status shows the dial
        this.dial = new RateDial(generator, elapsedNanos, this::live, this::achievedRate, this::inFlightNow, log);
        dial.startWith(rateMultiplier);
        this.elapsedNanos = elapsedNanos;
        this.inFlight = inFlight;
        this.errors = errors;
        this.phaseNames = phaseNames;
        this.snapshot = snapshots.status(moment(STATUS_ERROR_KINDS, List.of()));
    }

    /** The run's rate dial, which reads its achieved rate and in-flight count from this record. */
    RateDial dial() {
        return dial;
    }

    /**
     * The status as last published, with the rate dial as it is now if it moved since, and, while the run winds down
     * (draining, settling: republished only when something changes), its elapsed time as of now.
     */
    RunStatus status() {
        RunStatus status = snapshot;
        if (ending && startedAt != null && !state.finished()) {
            status = status.withElapsed(elapsedNanos.getAsLong() / 1_000_000);
        }
        double multiplier = dial.multiplier();
        if (status.rate().multiplier() != multiplier
                || !Objects.equals(status.rate().absolute(), dial.absolute())) {
            // the dial moved since the last snapshot: show it at once
            status = status.withDial(multiplier, dial.absolute());
        }
        return status;
    }

    /** Traffic started at {@code at}, recording into {@code runStats}, with {@code timeline} running its chaos. */
    void started(Instant at, RunStats runStats, ChaosTimeline timeline) {
        this.stats = runStats;
        this.chaos = timeline;
        this.startedAt = at;
    }

    /** Where the status reads the alert expectations so far: asked at each publish until the run has finished. */
    void expectationsFrom(Supplier<List<ExpectationProgress>> source) {
        this.expectationSource = source;
    }

    Instant startedAt() {
        return startedAt;
    }

    RunState state() {
        return state;
    }

    /** True once the run has begun ending (traffic stopping); never false again. */
    boolean ending() {
        return ending;
    }

    /** True while traffic runs: started and not finished. */
    boolean live() {
        return startedAt != null && !state.finished();
    }

    /** The run began ending, failed with {@code cause} or null. */
    void beginEnding(String cause) {
        this.ending = true;
        this.failure = cause;
    }

    String failure() {
        return failure;
    }

    AbortedBy abortedBy() {
        return abortedBy;
    }

    void abortedBy(AbortedBy abort) {
        this.abortedBy = abort;
    }

    /** The run is in the phase labelled {@code label}, or in none (null). */
    void phase(String label) {
        this.phaseLabel = label;
    }

    double achievedRate() {
        return achievedRate;
    }

    void achievedRate(double rate) {
        this.achievedRate = rate;
    }

    /** The in-flight count as of the last published status. */
    long inFlightNow() {
        return inFlightNow;
    }

    void rateChanged(RateChangeAt change) {
        rateChanges.add(change);
    }

    /** The run is over at {@code at}: in {@code finalState}, or failed if a failure was recorded. */
    void finished(RunState finalState, Instant at) {
        endedAt = at;
        state = failure != null ? RunState.FAILED : finalState;
    }

    /** Publishes the status as it is now; on the run's context. */
    void publish() {
        inFlightNow = inFlight.get();
        if (!state.finished()) {
            // once finished the last view stays: the verdicts are in the report
            expectations = expectationSource.get();
        }
        snapshot = snapshots.status(moment(STATUS_ERROR_KINDS, expectations));
    }

    /** The report: the final status plus the details, the phases as {@code timeline} has them; on the run's context. */
    RunReport report(RunTimeline timeline, List<ThresholdResult> thresholds, List<Verdict> expectations) {
        List<PhaseSpan> spans = new ArrayList<>();
        timeline.phases().forEach(p -> spans.add(new PhaseSpan(p.name(), p.startMs(), p.endMs())));
        return snapshots.report(
                moment(Integer.MAX_VALUE, List.of()), spans, thresholds, List.copyOf(rateChanges), expectations);
    }

    /** The run as it is now, for its status and report; on the run's context (or in the constructor). */
    private RunSnapshots.Moment moment(int errorKinds, List<ExpectationProgress> expectationsSoFar) {
        boolean started = startedAt != null;
        long elapsed = !started
                ? 0
                : endedAt != null
                        ? Duration.between(startedAt, endedAt).toMillis()
                        : elapsedNanos.getAsLong() / 1_000_000;
        double scheduled = started && !ending ? generator.scheduledRate(elapsedNanos.getAsLong()) : 0;
        double achieved = state.finished() ? 0.0 : achievedRate;
        Rate rate = new Rate(round1(scheduled), achieved, dial.multiplier(), dial.absolute());
        // before the traffic starts (the constructor's first snapshot) there are no stats yet: empty ones read the same
        RunStats shown = stats == null ? new RunStats(phaseNames) : stats;
        return new RunSnapshots.Moment(
                state,
                failure,
                abortedBy,
                startedAt,
                endedAt,
                elapsed,
                phaseLabel,
                rate,
                inFlight.get(),
                chaos == null ? List.of() : chaos.snapshot(),
                shown,
                errors.kinds(errorKinds),
                expectationsSoFar);
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
