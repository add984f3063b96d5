package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuietPathsSamplerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Attributes HEALTH = Attributes.of(AttributeKey.stringKey("url.path"), "/health");
    private final Sampler sampler = new QuietPathsSampler(Sampler.alwaysOn());

    private SamplingDecision decide(Context parent, SpanKind kind, Attributes attributes) {
        return sampler.shouldSample(parent, TRACE_ID, "GET", kind, attributes, List.of())
                .getDecision();
    }

    @Test
    @DisplayName("a server span under a parent marked quiet is dropped; clients under it and unmarked spans are not")
    void markedServerSpansOnly() {
        Context marked = QuietPathsSampler.markQuiet(Context.root());
        assertThat(decide(marked, SpanKind.SERVER, Attributes.empty())).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(marked, SpanKind.CLIENT, Attributes.empty())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(marked.with(ContextKey.named("other"), "value"), SpanKind.SERVER, Attributes.empty()))
                .as("the mark kept under other values")
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decide(Context.root(), SpanKind.SERVER, HEALTH))
                .as("the attribute alone does not make a span quiet: the tracer marks it")
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    @DisplayName("a span not marked is decided by the configured sampler")
    void otherSpansGoToTheDelegate() {
        Sampler never = new QuietPathsSampler(Sampler.alwaysOff());
        assertThat(never.shouldSample(Context.root(), TRACE_ID, "GET", SpanKind.SERVER, Attributes.empty(), List.of())
                        .getDecision())
                .isEqualTo(SamplingDecision.DROP);
        assertThat(sampler.getDescription()).contains(Sampler.alwaysOn().getDescription());
    }

    @Test
    @DisplayName("paths of a quiet path's length but other characters are not quiet; long quiet paths are quiet")
    void lengthsAndLongPaths() {
        String longPath = "/" + "x".repeat(80);
        QuietPathsSampler.Paths paths =
                new QuietPathsSampler.Paths(Set.of("/health", "", "/" + "y".repeat(62), longPath));
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
        QuietPathsSampler.Paths paths = new QuietPathsSampler.Paths(ServiceTelemetry.DEFAULT_UNTRACED_PATHS);
        for (String path : List.of("/metrics", "/health", "/ready")) {
            assertThat(paths.isQuiet(path)).as(path).isTrue();
        }
        for (String path : List.of("/api/products/SKU-001", "/stock/SKU-001", "/healthz", "/metrics/")) {
            assertThat(paths.isQuiet(path)).as(path).isFalse();
        }
    }
}
