package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.result.ErrorCounts;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.LatencySummary;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Totals;
import dev.chaoslab.simulator.result.Verdict;
import java.util.List;
import java.util.Map;

/**
 * The end-of-run summary printed by {@code run} and {@code demo}: per request kind (and phase) count,
 * errors and corrected/service percentiles; the most frequent kinds of error with their first message; thresholds and alert expectations with their verdicts. Also
 * decides the exit code from the report.
 */
final class Summary {

    /** Kinds of error the summary lists; the report lists them all. */
    static final int ERROR_KINDS_SHOWN = 10;

    private Summary() {}

    static String render(RunReport report) {
        StringBuilder out = new StringBuilder();
        RunStatus status = report.status();
        Totals totals = status.totals();
        out.append("Run ")
                .append(status.runId())
                .append(" of '")
                .append(status.scenario().name())
                .append("' ")
                .append(status.state().key())
                .append(" after ")
                .append(ResultText.duration(status.ranMs()))
                .append('\n');
        if (status.failure() != null) {
            out.append("  failure: ").append(status.failure()).append('\n');
        }
        if (status.abortedBy() != null) {
            out.append("  aborted: ").append(status.abortedBy().detail()).append('\n');
        }
        out.append("  scheduled ")
                .append(totals.scheduled())
                .append(", sent ")
                .append(totals.sent())
                .append(", dropped ")
                .append(totals.dropped())
                .append(", completed ")
                .append(totals.completed())
                .append(", errors ")
                .append(errors(totals.errors()))
                .append("\n\n");

        String[] header = {
            "request", "phase", "dropped", "count", "errors", "p50", "p90", "p99", "max", "svc p50", "svc p90",
            "svc p99", "svc max"
        };
        boolean[] numeric = {false, false, true, true, true, true, true, true, true, true, true, true, true};
        TextTable table = new TextTable(header, numeric);
        for (RequestRow row : report.byRequest()) {
            table.row(withLatency(
                    row.request(),
                    row.phase() == null ? "all" : row.phase(),
                    ResultText.num(row.dropped(), 0),
                    ResultText.num(row.count(), 0),
                    Long.toString(row.errors().total()),
                    row.corrected(),
                    row.service()));
        }
        table.row(withLatency(
                "ALL",
                "all",
                Long.toString(totals.dropped()),
                Long.toString(totals.completed()),
                Long.toString(totals.errors().total()),
                status.latency().corrected(),
                status.latency().service()));
        out.append("Latency in ms (corrected from the intended send time; svc = service time)\n")
                .append(table.render("  "))
                .append('\n');
        errorKinds(out, status.errorKinds());

        List<ThresholdResult> thresholds = report.thresholds();
        out.append("Thresholds").append(thresholds.isEmpty() ? ": none\n" : "\n");
        for (ThresholdResult t : thresholds) {
            String suffix = ResultText.unitSuffix(t.criterion().unit());
            out.append("  ")
                    .append(verdict(t.passed()))
                    .append("  ")
                    .append(ResultText.thresholdName(t.criterion()))
                    .append(" < ")
                    .append(ResultText.num(t.criterion().below(), 4))
                    .append(suffix)
                    .append("  (actual ")
                    .append(ResultText.num(t.actual(), 4))
                    .append(suffix)
                    .append(")")
                    .append(t.aborted() ? "  aborted the run" : "")
                    .append('\n');
        }
        List<Verdict> expectations = report.expectations();
        out.append("Alert expectations").append(expectations.isEmpty() ? ": none checked\n" : "\n");
        for (Verdict e : expectations) {
            out.append("  ")
                    .append(verdict(e.passed()))
                    .append("  ")
                    .append(e.alert())
                    .append(labels(e.labels()))
                    .append(' ')
                    .append(e.kind().key());
            if (e.kind().delivery()) {
                out.append(e.receiver() == null ? "" : " to " + e.receiver())
                        .append("  notified ")
                        .append(ResultText.duration(e.timeToNotifyMs()));
            } else {
                out.append("  pending ")
                        .append(ResultText.duration(e.timeToPendingMs()))
                        .append(", firing ")
                        .append(ResultText.duration(e.timeToFireMs()))
                        .append(", resolved ")
                        .append(ResultText.duration(e.timeToResolveMs()));
            }
            if (e.detail() != null) {
                out.append("  ").append(e.detail());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * 0 when every check held, 1 when a threshold or expectation failed, 3 when the run itself failed. A shard of a
     * sharded run is judged by {@code chaoslab merge}, not alone: 0 unless it failed.
     */
    static int exitCode(RunReport report) {
        if (report.state() == RunState.FAILED) {
            return ExitCodes.RUNTIME_FAILURE;
        }
        if (report.shard() != null && !report.shard().merged()) {
            return ExitCodes.OK;
        }
        return report.thresholdsPassed() && report.expectationsPassed() ? ExitCodes.OK : ExitCodes.CHECKS_FAILED;
    }

    /** The most frequent kinds of error with their first message and trace (the report has them all). */
    private static void errorKinds(StringBuilder out, List<ErrorKind> kinds) {
        if (kinds.isEmpty()) {
            return;
        }
        TextTable table = new TextTable(
                new String[] {"count", "request", "error", "first", "last", "trace", "first message"},
                new boolean[] {true, false, false, true, true, false, false});
        for (ErrorKind kind : kinds.stream().limit(ERROR_KINDS_SHOWN).toList()) {
            table.row(
                    ResultText.num(kind.count(), 0),
                    kind.request(),
                    kind.error(),
                    ResultText.clock(kind.firstMs()),
                    ResultText.clock(kind.lastMs()),
                    kind.traceId() == null ? "-" : kind.traceId(),
                    kind.message());
        }
        out.append("Errors by kind, most frequent first")
                .append(
                        kinds.size() > ERROR_KINDS_SHOWN
                                ? " (" + ERROR_KINDS_SHOWN + " of " + kinds.size() + "; the report has them all)"
                                : "")
                .append('\n')
                .append(table.render("  "))
                .append('\n');
    }

    private static String[] withLatency(
            String request,
            String phase,
            String dropped,
            String count,
            String errors,
            LatencySummary c,
            LatencySummary s) {
        return new String[] {
            request,
            phase,
            dropped,
            count,
            errors,
            ResultText.num(c.p50(), 1),
            ResultText.num(c.p90(), 1),
            ResultText.num(c.p99(), 1),
            ResultText.num(c.max(), 1),
            ResultText.num(s.p50(), 1),
            ResultText.num(s.p90(), 1),
            ResultText.num(s.p99(), 1),
            ResultText.num(s.max(), 1)
        };
    }

    private static String verdict(boolean passed) {
        return passed ? "PASS" : "FAIL";
    }

    private static String errors(ErrorCounts errors) {
        long sum = errors.total();
        if (sum == 0) {
            return "0";
        }
        StringBuilder out = new StringBuilder().append(sum).append(" (");
        boolean first = true;
        for (Map.Entry<String, Long> e : errors.byClass().entrySet()) {
            if (e.getValue() > 0) {
                out.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
                first = false;
            }
        }
        return out.append(')').toString();
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        labels.forEach((key, value) ->
                out.append(out.length() > 1 ? "," : "").append(key).append('=').append(value));
        return out.append('}').toString();
    }
}
