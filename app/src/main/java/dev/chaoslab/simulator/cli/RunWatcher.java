package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.Main;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one scenario in the foreground: shows the progress line while it runs, stops it cleanly on Ctrl-C
 * (traffic stops, faults are cleared, the partial report is kept), then prints the summary and where the
 * report is, and returns the exit code.
 */
final class RunWatcher {

    private static final long STOP_TIMEOUT_S = 20;

    private final PrintWriter out;
    private final PrintWriter err;

    RunWatcher(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int run(SimulatorRuntime runtime, Scenario scenario, RunOptions options) {
        Run run;
        try {
            // a shard whose start is ahead starts its traffic then: wait for it on top of the usual minute
            long aheadS = options.shard() == null
                    ? 0
                    : Math.max(
                            0,
                            Duration.between(Instant.now(), options.shard().startAt())
                                    .toSeconds());
            run = runtime.runs().start(scenario, options).await(60 + aheadS, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("The run did not start: " + e.getMessage());
            return ExitCodes.RUNTIME_FAILURE;
        }
        out.println("Run " + run.id() + " of '" + scenario.name() + "' started ("
                + Math.round(scenario.totalDuration().toMillis() / 1000.0)
                + " s). Ctrl-C stops it and keeps a partial report.");
        if (System.getProperty(Main.LOG_FILE_PROPERTY) != null) {
            out.println("Logs: " + System.getProperty(Main.LOG_FILE_PROPERTY));
        }
        out.flush();

        // On Ctrl-C the hook stops the run, then gives this thread a moment to print the summary before the JVM exits.
        CountDownLatch summarized = new CountDownLatch(1);
        Thread stopOnExit = new Thread(
                () -> {
                    stopQuietly(run);
                    try {
                        summarized.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "chaoslab-stop-run");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            return summarize(runtime, run, await(run));
        } finally {
            summarized.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and stops the run
            }
        }
    }

    private int summarize(SimulatorRuntime runtime, Run run, RunReport report) {
        ReportStore store = runtime.store();
        if (!store.contains(run.id())) {
            // The engine hands reports to the store; make sure this one is on disk before pointing at it.
            store.save(report).await();
        }
        out.println();
        out.print(Summary.render(report));
        out.println();
        out.println("Report: " + store.reportHtmlPath(run.id()));
        out.println("        " + store.reportJsonPath(run.id()));
        out.flush();
        return Summary.exitCode(report);
    }

    private RunReport await(Run run) {
        ProgressLine progress = new ProgressLine(out, System.console() != null);
        CompletableFuture<RunReport> result = run.result().toCompletionStage().toCompletableFuture();
        try {
            while (true) {
                try {
                    return result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    progress.update(run.status(), System.nanoTime() / 1_000_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(run);
            return run.result().await();
        } catch (ExecutionException e) {
            // result() never fails by contract; if it does, it is a bug worth a clear message.
            throw new IllegalStateException("the run ended without a report: " + e.getCause(), e.getCause());
        } finally {
            progress.finish();
        }
    }

    private static void stopQuietly(Run run) {
        if (run.status().state() == RunState.RUNNING) {
            try {
                run.stop().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("could not stop run " + run.id() + " cleanly: " + e.getMessage());
            }
        }
    }
}
