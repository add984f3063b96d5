package dev.chaoslab.simulator.metrics;

import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Logs with the run's id and scenario as structured fields ({@code run_id}, {@code scenario}), so a run's
 * log lines can be found next to its metrics and traces. Event-loop threads are shared by runs, so the MDC
 * entries are set for the one call only.
 */
public final class RunLog {
    private final Logger logger;
    private final String runId;
    private final String scenario;

    public RunLog(Logger logger, String runId, String scenario) {
        this.logger = logger;
        this.runId = runId;
        this.scenario = scenario;
    }

    public RunLog with(Logger other) {
        return new RunLog(other, runId, scenario);
    }

    public void info(String format, Object... args) {
        tagged(() -> logger.info(format, args));
    }

    public void warn(String format, Object... args) {
        tagged(() -> logger.warn(format, args));
    }

    public void error(String format, Object... args) {
        tagged(() -> logger.error(format, args));
    }

    private void tagged(Runnable logCall) {
        try (MDC.MDCCloseable a = MDC.putCloseable("run_id", runId);
                MDC.MDCCloseable b = MDC.putCloseable("scenario", scenario)) {
            logCall.run();
        }
    }
}
