package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuietPathsSamplerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final Sampler sampler = new QuietPathsSampler(Sampler.alwaysOn(), ServiceTelemetry.DEFAULT_UNTRACED_PATHS);

    private SamplingDecision decide(SpanKind kind, Attributes attributes) {
        return sampler.shouldSample(Context.root(), TRACE_ID, "GET", kind, attributes, List.of())
                .getDecision();
    }

    @Test
    @DisplayName("a server span of a quiet path is dropped; other paths, and clients of quiet paths, are sampled")
    void quietServerPathsOnly() {
        Attributes health = Attributes.of(AttributeKey.stringKey("url.path"), "/health");
        assertThat(decide(SpanKind.SERVER, health)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(SpanKind.CLIENT, health)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(SpanKind.SERVER, Attributes.of(AttributeKey.stringKey("url.path"), "/orders")))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    @DisplayName("paths of a quiet path's length but other characters are sampled; long quiet paths are quiet")
    void lengthsAndLongPaths() {
        String longPath = "/" + "x".repeat(80);
        Sampler custom =
                new QuietPathsSampler(Sampler.alwaysOn(), Set.of("/health", "", "/" + "y".repeat(62), longPath));
        for (String path : List.of("/health", "", "/" + "y".repeat(62), longPath)) {
            assertThat(decide(custom, path)).as(path).isEqualTo(SamplingDecision.DROP);
        }
        for (String path :
                List.of("/hEalth", "/healt", "/", "/" + "y".repeat(61) + "z", longPath + "x", "/" + "x".repeat(63))) {
            assertThat(decide(custom, path)).as(path).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        }
    }

    private static SamplingDecision decide(Sampler sampler, String path) {
        return sampler.shouldSample(
                        Context.root(),
                        TRACE_ID,
                        "GET",
                        SpanKind.SERVER,
                        Attributes.of(AttributeKey.stringKey("url.path"), path),
                        List.of())
                .getDecision();
    }

    @Test
    @DisplayName("a server span without url.path (an event-bus consumer) is left to the delegate")
    void serverSpanWithoutPath() {
        assertThat(decide(SpanKind.SERVER, Attributes.empty())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
}
