package dev.chaoslab.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.simulator.result.ResultFormatException;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunSummary;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ReportStoreTest {

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("a saved report is on disk as JSON and HTML and a new store on the same directory still serves it")
    void reportsSurviveRestart(Vertx vertx) throws Exception {
        ReportStore first = ReportStore.open(vertx, dataDir).await();
        first.save(SampleReports.read("r-1", "completed")).await();
        first.save(SampleReports.read(SampleReports.report("r-2", "stopped").put("startedAt", "2026-11-25T13:00:00Z")))
                .await();

        Path runDir = dataDir.resolve("runs").resolve("r-1");
        assertThat(runDir.resolve("report.json")).isRegularFile();
        assertThat(runDir.resolve("report.html")).isRegularFile();
        try (var files = Files.list(runDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("report.json", "report.html");
        }

        ReportStore restarted = ReportStore.open(vertx, dataDir).await();
        assertThat(restarted.list()).extracting(RunSummary::runId).containsExactly("r-2", "r-1");
        RunSummary summary = restarted.list().get(1);
        assertThat(summary.scenario()).isEqualTo("payments-error-burst");
        assertThat(summary.state()).isEqualTo(RunState.COMPLETED);
        assertThat(summary.thresholdsPassed()).isFalse();
        assertThat(summary.expectationsPassed()).isTrue();

        RunReport report = restarted.report("r-1").await().orElseThrow();
        assertThat(report).isEqualTo(SampleReports.read("r-1", "completed"));
        assertThat(restarted.html("r-2").await().orElseThrow()).contains("payments-error-burst", "stopped");
        assertThat(restarted.report("r-404").await()).isEmpty();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("saving a run again replaces its partial report")
    void saveReplaces(Vertx vertx) {
        ReportStore store = ReportStore.open(vertx, dataDir).await();
        store.save(SampleReports.read(SampleReports.report("r-1", "running").put("durationMs", 1000)))
                .await();
        store.save(SampleReports.read("r-1", "stopped")).await();
        assertThat(store.list()).hasSize(1);
        assertThat(store.report("r-1").await().orElseThrow().state()).isEqualTo(RunState.STOPPED);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("a damaged report file is skipped at start and the others are still listed")
    void damagedReportIsSkipped(Vertx vertx) throws Exception {
        Files.createDirectories(dataDir.resolve("runs/broken"));
        Files.writeString(dataDir.resolve("runs/broken/report.json"), "{not json");
        ReportStore first = ReportStore.open(vertx, dataDir).await();
        first.save(SampleReports.read("r-ok", "completed")).await();

        ReportStore restarted = ReportStore.open(vertx, dataDir).await();
        assertThat(restarted.list()).extracting(RunSummary::runId).containsExactly("r-ok");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("a report of the wrong shape is skipped at start; one damaged later fails with its file and field")
    void wrongShapeIsLocated(Vertx vertx) throws Exception {
        Files.createDirectories(dataDir.resolve("runs/odd"));
        Files.writeString(
                dataDir.resolve("runs/odd/report.json"), "{\"runId\": \"odd\", \"totals\": {\"sent\": \"x\"}}");
        ReportStore first = ReportStore.open(vertx, dataDir).await();
        first.save(SampleReports.read("r-ok", "completed")).await();
        first.save(SampleReports.read("r-later", "completed")).await();

        ReportStore restarted = ReportStore.open(vertx, dataDir).await();
        assertThat(restarted.list()).extracting(RunSummary::runId).containsExactlyInAnyOrder("r-ok", "r-later");
        Path later = restarted.reportJsonPath("r-later");
        Files.writeString(later, "{\"runId\": \"r-later\", \"byRequest\": [{\"request\": 7}]}");
        assertThatThrownBy(() -> restarted.report("r-later").await())
                .isInstanceOf(ResultFormatException.class)
                .hasMessage(later + ": byRequest[0].request: expected a string, found 7");
        assertThat(restarted.report("r-ok").await()).isPresent();
    }

    @Test
    @DisplayName("run ids that could escape the runs directory are refused")
    void runIdsAreChecked() {
        assertThat(ReportStore.isValidRunId("r-20261125-124501-3f2a")).isTrue();
        assertThat(ReportStore.isValidRunId("../etc")).isFalse();
        assertThat(ReportStore.isValidRunId("a/b")).isFalse();
        assertThat(ReportStore.isValidRunId("a..b")).isFalse();
        assertThat(ReportStore.isValidRunId("")).isFalse();
        assertThat(ReportStore.isValidRunId(null)).isFalse();
    }
}
