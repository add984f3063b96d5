package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.report.HtmlReport;
import dev.chaoslab.simulator.report.SampleReports;
import dev.chaoslab.simulator.result.ResultJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutputTest {

    private static JsonObject running() {
        JsonObject status =
                SampleReports.report("r-1", "running").put("elapsedMs", 42000).put("durationMs", 60000);
        status.getJsonArray("faults").getJsonObject(0).put("state", "active");
        status.getJsonObject("rate").put("multiplier", 2.0);
        // the last 10 s: 96 ended, 20 of them errors (the since-start figures are 300 of 2 985)
        status.put(
                "recent",
                new JsonObject()
                        .put("seconds", 10)
                        .put("completed", 96)
                        .put("ok", 76)
                        .put("errors", new JsonObject().put("http_5xx", 18).put("timeout", 2))
                        .put("dropped", 4)
                        .put("corrected", new JsonObject().put("p99", 1234.56)));
        return status;
    }

    @Test
    @DisplayName("the progress line shows phase, scheduled/achieved rate, recent p99 and error share, errors and drops"
            + " since the start, and active faults")
    void progressLine() {
        assertThat(ProgressLine.format(ResultJson.decodeStatus(running())))
                .isEqualTo(
                        "[0:42/1:00] incident  rate 50/48 req/s (x2)"
                                + "  last 10s: p99 1234.6 ms, errors 20.8%  total: errors 300, dropped 30  faults error@payments");
    }

    @Test
    @DisplayName("on a terminal the line is redrawn in place; elsewhere one line per interval")
    void progressPacing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine tty =
                new ProgressLine(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), true);
        tty.update(ResultJson.decodeStatus(running()), 0);
        tty.update(ResultJson.decodeStatus(running()), 1);
        tty.finish();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).startsWith("\r[0:42").contains("\u001b[K").endsWith(System.lineSeparator());
        assertThat(drawn.split("\r", -1)).hasSize(3);

        bytes.reset();
        ProgressLine plain =
                new ProgressLine(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false);
        for (long t = 0; t < 12_000; t += 1000) {
            plain.update(ResultJson.decodeStatus(running()), t);
        }
        plain.finish();
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).doesNotContain("\r", "\u001b");
        assertThat(printed.lines()).hasSize(3);
    }

    @Test
    @DisplayName("the summary lists per-request percentiles, thresholds and expectations with verdicts")
    void summary() {
        String summary = Summary.render(ResultJson.decodeReport(SampleReports.report("r-9", "completed")));
        assertThat(summary)
                .contains(
                        "Run r-9 of 'payments-error-burst' completed after 1m 00s",
                        "FAIL  latency_p99 checkout < 300 ms  (actual 412.5 ms)",
                        "PASS  error_ratio < 0.2  (actual 0.101)",
                        "PASS  ChaoslabHighErrorRatio{service=payments} fires  pending 15 s, firing 1m 15s",
                        "errors 300 (http_5xx 300)");
        assertThat(summary).containsPattern("checkout\\s+incident\\s+30\\s+1485\\s+300\\s+3.1\\s+5\\s+412.5\\s+900");
        assertThat(summary)
                .contains("Errors by kind, most frequent first\n")
                .containsPattern(
                        "290\\s+checkout\\s+http_5xx\\s+0:15\\s+0:45\\s+50c9ba259c3984f4898963f4990aa9b2\\s+HTTP 502 Bad Gateway: "
                                + "dependency_failed: orders answered 502: payments answered 503: answered 503 by chaos fault f-1c239e65-45f6")
                .containsPattern("10\\s+checkout\\s+http_5xx\\s+0:16\\s+0:16\\s+-\\s+HTTP 503 Service Unavailable");
    }

    @Test
    @DisplayName("the exit code is 1 when a check fails, 3 when the run failed, 0 otherwise")
    void exitCodes() {
        JsonObject report = SampleReports.report("r-1", "completed");
        assertThat(Summary.exitCode(ResultJson.decodeReport(report))).isEqualTo(ExitCodes.CHECKS_FAILED);
        report.getJsonArray("thresholds").getJsonObject(0).put("passed", true);
        assertThat(Summary.exitCode(ResultJson.decodeReport(report))).isEqualTo(ExitCodes.OK);
        report.getJsonArray("expectations").getJsonObject(0).put("passed", false);
        assertThat(Summary.exitCode(ResultJson.decodeReport(report))).isEqualTo(ExitCodes.CHECKS_FAILED);
        report.put("expectations", new JsonArray());
        assertThat(Summary.exitCode(ResultJson.decodeReport(report.put("state", "failed"))))
                .isEqualTo(ExitCodes.RUNTIME_FAILURE);
    }

    @Test
    @DisplayName("thresholds name their request, phase and measure; a stopped run shows how long it ran")
    void thresholdNamesAndStoppedRuns() {
        JsonObject report =
                SampleReports.report("r-2", "stopped").put("elapsedMs", 42_000).putNull("latency");
        report.getJsonArray("thresholds")
                .getJsonObject(0)
                .put("phase", "incident")
                .put("measure", "service");
        report.getJsonArray("thresholds").getJsonObject(1).put("unit", "ratio").putNull("request");
        String summary = Summary.render(ResultJson.decodeReport(report));
        assertThat(summary)
                .contains(
                        "stopped after 42 s",
                        "latency_p99 checkout (phase incident, service time) < 300 ms",
                        "error_ratio < 0.2  (actual 0.101)");
        assertThat(ProgressLine.format(ResultJson.decodeStatus(report.putNull("totals"))))
                .contains("last 0s: p99 -, errors -", "errors 0");
    }

    @Test
    @DisplayName("a run a threshold aborted says which, when and why; the threshold is marked and the exit code is 1")
    void abortedRun() {
        JsonObject report = SampleReports.report("r-3", "stopped")
                .put("elapsedMs", 12_000)
                .put(
                        "abortedBy",
                        new JsonObject()
                                .put("threshold", 0)
                                .put("atMs", 12_000)
                                .put("actual", 412.5)
                                .put(
                                        "detail",
                                        "latency_p99 checkout was 412.5 ms at 0:12, not below 300 ms; the threshold aborts the run on failure (abortOnFail)"));
        report.getJsonArray("thresholds")
                .getJsonObject(0)
                .put("abortOnFail", true)
                .put("aborted", true);
        String summary = Summary.render(ResultJson.decodeReport(report));
        assertThat(summary)
                .contains(
                        "stopped after 12 s\n  aborted: latency_p99 checkout was 412.5 ms at 0:12, not below 300 ms; "
                                + "the threshold aborts the run on failure (abortOnFail)\n",
                        "FAIL  latency_p99 checkout < 300 ms  (actual 412.5 ms)  aborted the run\n",
                        "PASS  error_ratio < 0.2  (actual 0.101)\n");
        assertThat(Summary.exitCode(ResultJson.decodeReport(report))).isEqualTo(ExitCodes.CHECKS_FAILED);
        assertThat(HtmlReport.render(ResultJson.decodeReport(report)))
                .contains(
                        "A threshold stopped the run before its end: latency_p99 checkout was "
                                + "412.5 ms at 0:12, not below 300 ms; the threshold aborts the run on failure (abortOnFail). This report covers");
    }
}
