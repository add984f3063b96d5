package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuietPathsTest {

    @Test
    @DisplayName("paths of a quiet path's length but other characters are not quiet; long quiet paths are quiet")
    void lengthsAndLongPaths() {
        String longPath = "/" + "x".repeat(80);
        QuietPaths paths = new QuietPaths(Set.of("/health", "", "/" + "y".repeat(62), longPath));
        for (String path : List.of("/health", "", "/" + "y".repeat(62), longPath)) {
            assertThat(paths.isQuiet(path)).as(path).isTrue();
        }
        for (String path :
                List.of("/hEalth", "/healt", "/", "/" + "y".repeat(61) + "z", longPath + "x", "/" + "x".repeat(63))) {
            assertThat(paths.isQuiet(path)).as(path).isFalse();
        }
        assertThat(paths.isQuiet(null)).as("no path (an event-bus consumer)").isFalse();
    }

    @Test
    @DisplayName("the default quiet paths are the scrapers' and probes'")
    void defaults() {
        QuietPaths paths = new QuietPaths(ServiceTelemetry.DEFAULT_UNTRACED_PATHS);
        for (String path : List.of("/metrics", "/health", "/ready")) {
            assertThat(paths.isQuiet(path)).as(path).isTrue();
        }
        for (String path : List.of("/api/products/SKU-001", "/stock/SKU-001", "/healthz", "/metrics/")) {
            assertThat(paths.isQuiet(path)).as(path).isFalse();
        }
    }
}
