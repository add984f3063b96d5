package dev.chaoslab.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private final String html = HtmlReport.render(SampleReports.read("r-html", "completed"));

    @Test
    @DisplayName("the page loads nothing from elsewhere: no scripts, stylesheets, fonts or images by URL")
    void selfContained() {
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "@import", "url(", "src=");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n");
    }

    @Test
    @DisplayName("the page shows the run's figures, thresholds and expectations")
    void containsFigures() {
        assertThat(html)
                .contains(
                        "r-html",
                        "payments-error-burst",
                        "2970",
                        "412.5",
                        "FAIL",
                        "latency_p99",
                        "ChaoslabHighErrorRatio",
                        "service=payments",
                        "1m 15s",
                        "15 s",
                        "baseline max 0");
    }

    @Test
    @DisplayName("the charts draw rate, latency and errors with fault windows, phase boundaries and thresholds")
    void chartsAreDrawn() {
        assertThat(html)
                .contains(
                        "Request rate: scheduled vs achieved",
                        "Latency percentiles per second (log scale)",
                        "Errors per second by class",
                        "Error ratio per second");
        assertThat(html.split("<svg ", -1)).hasSize(5);
        assertThat(html).contains("class=\"fault\"", "class=\"phase\"", "class=\"threshold\"", "class=\"change\"");
        assertThat(html).contains("latency_p99 checkout &lt; 300 ms", "error_ratio &lt; 0.2");
        assertThat(html).contains("p99 corrected", "p99 service", "p50 service", "http_5xx");
    }

    @Test
    @DisplayName("the per-request table shows each request's dropped arrivals next to the count that ended")
    void droppedPerRequest() {
        assertThat(html)
                .contains(
                        "<th>dropped</th><th>count</th>",
                        "<td>incident</td><td class=\"n\">30</td><td class=\"n\">1485</td>");
    }

    @Test
    @DisplayName("the errors by kind: count, request, class, when, the first message (escaped) and its trace")
    void errorKinds() {
        assertThat(html)
                .contains(
                        "<h2>Errors by kind</h2>",
                        "<tr><td class=\"n\">290</td><td>checkout</td><td>http_5xx</td><td class=\"n\">0:15</td><td class=\"n\">0:45</td>"
                                + "<td>HTTP 502 Bad Gateway: dependency_failed: orders answered 502: payments answered 503: answered 503 by "
                                + "chaos fault f-1c239e65-45f6 &lt;b&gt;</td><td><code>50c9ba259c3984f4898963f4990aa9b2</code></td></tr>",
                        "<td>HTTP 503 Service Unavailable</td><td><code></code></td></tr>");
        assertThat(HtmlReport.render(SampleReports.read(
                        SampleReports.report("r-ok", "completed").put("errorKinds", new JsonArray()))))
                .doesNotContain("Errors by kind");
    }

    @Test
    @DisplayName("text from the scenario is escaped")
    void escapes() {
        assertThat(html)
                .contains("Payments answers &lt;503&gt; for 20 % &amp; more")
                .doesNotContain("<503>");
        JsonObject hostile = SampleReports.report("r-x", "completed");
        hostile.getJsonObject("scenario").put("name", "<script>alert('x')</script>");
        assertThat(HtmlReport.render(SampleReports.read(hostile)))
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)");
    }

    @Test
    @DisplayName("a stopped run without traffic still renders a page that says so")
    void emptyRun() {
        JsonObject empty = new JsonObject()
                .put("runId", "r-empty")
                .put("state", "stopped")
                .put("scenario", new JsonObject().put("name", "quiet"));
        String page = HtmlReport.render(SampleReports.read(empty));
        assertThat(page).contains("stopped before its end", "nothing to chart", "sets no thresholds");
    }

    @Test
    @DisplayName("fields written as null (a run stopped before any traffic) render as dashes, not as errors")
    void nullFields() {
        JsonObject report = SampleReports.report("r-null", "stopped")
                .putNull("latency")
                .putNull("totals")
                .putNull("byRequest")
                .putNull("startedAt");
        report.getJsonArray("thresholds")
                .getJsonObject(1)
                .putNull("request")
                .putNull("phase")
                .putNull("actual");
        String page = HtmlReport.render(SampleReports.read(report));
        assertThat(page).contains("r-null", "<td>all</td>");
    }

    @Test
    @DisplayName("the header shows start and end to the second in UTC, not raw ISO instants with nanoseconds")
    void readableTimestamps() {
        String page = HtmlReport.render(SampleReports.read(SampleReports.report("r-time", "completed")
                .put("startedAt", "2026-12-06T14:24:42.983929903Z")
                .put("endedAt", "2026-12-06T14:25:43.001469086Z")));
        assertThat(page)
                .contains("<span>started 2026-12-06 14:24:42 UTC</span>", "<span>ended 2026-12-06 14:25:43 UTC</span>")
                .doesNotContain("983929903", "T14:24");
    }

    @Test
    @DisplayName("the expectation table keeps to the page: fixed layout, and long details and expressions wrap")
    void expectationTableWraps() {
        JsonObject report = SampleReports.report("r-wide", "completed");
        String longDetail = "x".repeat(400);
        report.getJsonArray("expectations").getJsonObject(0).put("detail", longDetail);
        String page = HtmlReport.render(SampleReports.read(report));
        assertThat(page)
                .contains(
                        "table.expectations{table-layout:fixed}",
                        "table.expectations td{overflow-wrap:anywhere;word-break:break-word}");
        int table = page.indexOf("<table class=\"expectations\">");
        assertThat(table).isPositive();
        assertThat(page.indexOf(longDetail, table)).isBetween(table, page.indexOf("</table>", table));
        assertThat(page.substring(table, page.indexOf("<tr>", table))).contains("<col class=\"detail\">");
    }

    @Test
    @DisplayName("an expectation with a margin series gets a chart of the rule's value against its threshold")
    void marginChart() {
        JsonObject report = SampleReports.report("r-margin", "completed");
        JsonObject margin = report.getJsonArray("expectations").getJsonObject(0).getJsonObject("margin");
        margin.put("op", ">")
                .put("forMs", 60_000)
                .put(
                        "series",
                        new JsonArray()
                                .add(new JsonArray().add(0).add(0.01))
                                .add(new JsonArray().add(30_000).add(0.2))
                                .add(new JsonArray().add(60_000).add(0.01)));
        String page = HtmlReport.render(SampleReports.read(report));
        assertThat(page)
                .contains("ChaoslabHighErrorRatio service=payments (fires): the rule&#39;s value against its threshold")
                .contains("&gt; 0.05 for 1m");
        String without = HtmlReport.render(SampleReports.read("r-plain", "completed"));
        assertThat(without).doesNotContain("against its threshold");
    }

    @Test
    @DisplayName(
            "the margin chart shades when Prometheus had the alert pending and firing, for the expectation's instances only")
    void marginChartShadesAlertStates() {
        JsonObject json = SampleReports.report("r-states", "completed");
        json.getJsonArray("expectations")
                .getJsonObject(0)
                .getJsonObject("margin")
                .put("op", ">")
                .put(
                        "series",
                        new JsonArray()
                                .add(new JsonArray().add(0).add(0.01))
                                .add(new JsonArray().add(60_000).add(0.2))
                                .add(new JsonArray().add(120_000).add(0.01)));
        RunReport report = SampleReports.read(json);
        RecordedRule rule = new RecordedRule(
                "ChaoslabHighErrorRatio",
                "symptoms",
                "rules.yml",
                "x > 0.05",
                60_000,
                0,
                5_000,
                Map.of(),
                List.of(),
                null,
                List.of(
                        new RecordedRule.LiveEpisode(Map.of("service", "payments"), 40_000L, 100_000L, 130_000L),
                        new RecordedRule.LiveEpisode(Map.of("service", "orders"), 50_000L, null, 70_000L)));
        Recording recording = new Recording(
                "r-states",
                "demo",
                Instant.EPOCH,
                180_000,
                190_000,
                List.of(),
                List.of(),
                List.of(rule),
                Map.of(),
                List.of());

        String page = HtmlReport.render(report.withRecording(recording));

        assertThat(page)
                .contains("<rect class=\"pending\"")
                .contains("<rect class=\"firing\"")
                .contains("pending {service=payments}")
                .contains("firing {service=payments}")
                .doesNotContain("{service=orders}")
                .contains("firing-swatch");
        assertThat(HtmlReport.render(report)).doesNotContain("<rect class=\"firing\"");
    }

    @Test
    @DisplayName("the timeline's seconds span the whole time axis: the last second of a 60 s run is drawn at the right")
    void timeAxis() {
        // plot from x=64 to x=944 for 0..60 s, so second 59 lies at 64 + 880 * 59 / 60 = 929.3
        assertThat(html).contains("L929.3,");
        assertThat(html).contains(">1:00</text>");
    }

    @Test
    @DisplayName(
            "a delivery verdict's row shows the receiver reached, how long after the fault against within, the group"
                    + " labels and how many alerts; a table without delivery verdicts has no such column")
    void deliveryColumns() {
        JsonObject report = SampleReports.report("r-delivery", "completed");
        report.put(
                "expectations",
                new JsonArray()
                        .add(new JsonObject()
                                .put("alert", "ChaoslabAvailabilityFastBurn")
                                .put("labels", new JsonObject().put("service", "payments"))
                                .put("kind", "notifies")
                                .put("reference", "chaos[0]")
                                .put("withinMs", 150_000)
                                .put("passed", true)
                                .put("detail", "reached pager")
                                .put("receiver", "pager")
                                .put("timeToNotifyMs", 72_000)
                                .put(
                                        "delivery",
                                        new JsonObject()
                                                .put("receiver", "pager")
                                                .put(
                                                        "groupLabels",
                                                        new JsonObject()
                                                                .put("service", "payments")
                                                                .put("alertname", "ChaoslabAvailabilityFastBurn"))
                                                .put("alerts", 2)))
                        .add(new JsonObject()
                                .put("alert", "ChaoslabHighErrorRatio")
                                .put("labels", new JsonObject().put("service", "orders"))
                                .put("kind", "notNotified")
                                .put("reference", "chaos[0]")
                                .put("passed", true)
                                .put("detail", "none")
                                .putNull("timeToNotifyMs"))
                        .add(new JsonObject()
                                .put("alert", "ChaoslabHighErrorRatio")
                                .put("labels", new JsonObject().put("service", "payments"))
                                .put("kind", "fires")
                                .put("passed", true)
                                .put("timeToFireMs", 75_000)));
        String page = HtmlReport.render(SampleReports.read(report));

        assertThat(page)
                .contains("<th>to resolved</th><th>delivery</th><th>margin</th>")
                .contains("<b>pager</b> after 1m 12s (within 2m 30s)<br>group {alertname=ChaoslabAvailabilityFastBurn,"
                        + " service=payments}<br>2 alerts")
                .contains("<td>none reached any receiver</td>")
                .contains("1m 15s</td><td class=\"n\">-</td><td>-</td><td>-</td>");
        assertThat(html).doesNotContain("<th>delivery</th>");
    }
}
