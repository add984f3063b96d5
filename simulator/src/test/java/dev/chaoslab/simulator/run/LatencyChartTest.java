package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.report.HtmlReport;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.SecondRow;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** From the engine's per-second figures to the report's latency chart: every line the chart names is drawn. */
class LatencyChartTest {
    private static final long MS = 1_000_000;

    @Test
    @DisplayName("each second carries its median corrected latency, and the report's latency chart draws that line")
    void p50CorrectedIsCharted() {
        RunStats stats = new RunStats(List.of("only"));
        LaneStats lane = new LaneStats(1);
        long[] correctedMs = {10, 100, 1000};
        for (int t = 0; t < correctedMs.length; t++) {
            for (int i = 0; i < 10; i++) {
                lane.dispatched("get", 0, t * 1_000 * MS, 0, true);
                lane.arrivalEnded("get", 0, Outcome.OK, correctedMs[t] * MS, MS);
            }
            lane.addInto(stats);
            stats.closeSecond(t, 0);
        }

        List<SecondRow> timeline = stats.secondRows();
        for (int t = 0; t < correctedMs.length; t++) {
            // HdrHistogram at 3 significant digits: within 0.1 %
            assertThat(timeline.get(t).p50CorrectedMs()).isCloseTo(correctedMs[t], within(correctedMs[t] * 0.001));
        }

        RunReport report = new RunReport(
                ResultJson.decodeStatus(new JsonObject()
                        .put("runId", "r-chart")
                        .put("state", "completed")
                        .put("durationMs", 3_000)),
                List.of(),
                timeline,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null);
        Matcher path = Pattern.compile("<path fill=\"none\" stroke=\"#98df8a\" stroke-width=\"1.6\" d=\"([^\"]*)\">"
                        + "<title>p50 corrected</title>")
                .matcher(HtmlReport.render(report));
        assertThat(path.find()).as("the p50 corrected line is drawn").isTrue();
        String[] points = path.group(1).substring(1).split("L");
        assertThat(points).hasSize(3);
        double[] ys = new double[3];
        for (int i = 0; i < 3; i++) {
            ys[i] = Double.parseDouble(points[i].split(",")[1]);
        }
        // a tenfold latency each second: the line climbs (SVG y grows downwards) by equal steps on the log scale
        assertThat(ys[0]).isGreaterThan(ys[1]);
        assertThat(ys[1]).isGreaterThan(ys[2]);
        assertThat(ys[0] - ys[1]).isCloseTo(ys[1] - ys[2], within(1.0));
    }
}
