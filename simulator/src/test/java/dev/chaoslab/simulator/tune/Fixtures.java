package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.RecordedCondition;
import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Recordings for the tune tests: synthetic ones built here, and the real ones committed under src/test/resources/tune. */
final class Fixtures {

    /** Where the real recordings are (see the README there for the command that produced them). */
    static final Path REAL = Paths.get("src", "test", "resources", "tune");

    private Fixtures() {}

    /** The committed real recordings, by file name. */
    static List<Path> real() throws Exception {
        try (Stream<Path> files = Files.list(REAL)) {
            return files.filter(p -> p.toString().endsWith(".recording.json"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * A two-sided rule {@code (errors > 0.05) and on (service) (rate > 0.5)} over one service: the error ratio is
     * 0.01 except during [faultFrom, faultTo) where it is 0.2; the rate is always 1. Evaluated every 5 s.
     */
    static Recording errorBurst(String runId, long faultFromMs, long faultToMs, long endMs) {
        int n = (int) (endMs / 5000);
        List<Double> errors = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long t = k * 5000L;
            errors.add(t >= faultFromMs + 20_000 && t < faultToMs + 20_000 ? 0.2 : 0.01);
            rate.add(1.0);
        }
        Map<String, String> labels = Map.of("service", "payments");
        RecordedRule rule = new RecordedRule(
                "ChaoslabHighErrorRatio",
                "chaoslab-symptoms",
                "x.yml",
                "(service:errors:ratio_rate1m > 0.05) and on (service) (service:requests:rate1m > 0.5)",
                60_000,
                0,
                5000,
                Map.of("severity", "warning"),
                List.of(
                        new RecordedCondition(
                                "service:errors:ratio_rate1m",
                                ">",
                                "0.05",
                                0.05,
                                0,
                                true,
                                List.of(new RecordedSeries(labels, 0, 5000, errors))),
                        new RecordedCondition(
                                "service:requests:rate1m",
                                ">",
                                "0.5",
                                0.5,
                                0,
                                false,
                                List.of(new RecordedSeries(labels, 0, 5000, rate)))),
                null,
                List.of());
        return new Recording(
                runId,
                "synthetic",
                Instant.parse("2026-01-01T00:00:00Z"),
                endMs,
                endMs,
                List.of(new RunTimeline.PhaseWindow(0, "baseline", 0, faultFromMs)),
                List.of(new RunTimeline.FaultWindow(0, "payments", "error", faultFromMs, faultToMs, true, null)),
                List.of(rule),
                Map.of(),
                List.of());
    }
}
