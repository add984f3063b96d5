package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.chaos.FaultStatus;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.RunTimeline;
import io.micrometer.core.instrument.Meter;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A run's phases as time goes: a timer for each phase's start, the {@code chaoslab_run_info} series of the phase
 * under way, and the phase and fault windows of the run's {@link RunTimeline}.
 *
 * <p>Confined to the run's context (the timers fire there).
 */
final class Phases {
    private final Vertx vertx;
    private final SimulatorMetrics metrics;
    private final String runId;
    private final String scenario;
    private final RunLog log;
    private final List<String> names;
    /** Each phase's start (ns from the run's start), and the last one's end. */
    private final long[] boundaries;

    private final List<Long> timers = new ArrayList<>();
    private Meter runInfo;
    private boolean stopped;

    Phases(
            Vertx vertx,
            SimulatorMetrics metrics,
            String runId,
            String scenario,
            RunLog log,
            List<String> names,
            long[] boundaries) {
        if (boundaries.length != names.size() + 1) {
            throw new IllegalArgumentException(
                    names.size() + " phases need " + (names.size() + 1) + " boundaries, not " + boundaries.length);
        }
        this.vertx = vertx;
        this.metrics = metrics;
        this.runId = runId;
        this.scenario = scenario;
        this.log = log;
        this.names = List.copyOf(names);
        this.boundaries = boundaries.clone();
    }

    /**
     * Calls {@code onPhase} with each phase's index as it begins: the first now, each later one on a timer, none
     * once {@link #stop()} was called.
     */
    void start(IntConsumer onPhase) {
        onPhase.accept(0);
        for (int i = 1; i < names.size(); i++) {
            int phase = i;
            timers.add(vertx.setTimer(Math.max(1, boundaries[i] / 1_000_000), t -> {
                if (!stopped) {
                    onPhase.accept(phase);
                }
            }));
        }
    }

    /** Phase {@code phase} begins: its run-info series replaces the previous one's; returns its name. */
    String enter(int phase) {
        metrics.remove(runInfo);
        String name = names.get(phase);
        runInfo = metrics.runInfo(runId, scenario, name);
        log.info("phase '{}' started", name);
        return name;
    }

    /** Traffic ended: no further phase begins and the run-info series goes. */
    void stop() {
        stopped = true;
        timers.forEach(vertx::cancelTimer);
        metrics.remove(runInfo);
        runInfo = null;
    }

    /**
     * The run's timeline for the alert verdicts: the phases that began before {@code endMs} (the last one cut
     * there) and one window per chaos step.
     */
    RunTimeline timeline(Instant startedAt, long endMs, List<FaultStatus> faults) {
        List<RunTimeline.PhaseWindow> phases = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long start = boundaries[i] / 1_000_000;
            if (start >= endMs && i > 0) {
                break;
            }
            phases.add(new RunTimeline.PhaseWindow(
                    i, names.get(i), start, Math.min(endMs, boundaries[i + 1] / 1_000_000)));
        }
        List<RunTimeline.FaultWindow> windows = new ArrayList<>();
        for (FaultStatus status : faults) {
            FaultRow f = RunSnapshots.faultRow(status);
            boolean applied = f.faultId() != null || f.state().injected();
            windows.add(new RunTimeline.FaultWindow(
                    f.step(), f.target(), f.type(), f.startMs(), f.endMs(), applied, f.state()));
        }
        return new RunTimeline(runId, startedAt, endMs, phases, windows);
    }
}
