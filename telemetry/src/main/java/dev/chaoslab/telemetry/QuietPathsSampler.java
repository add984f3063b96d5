package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Set;

/**
 * Does not trace the server requests of scrapers and probes ({@code /metrics}, {@code /health},
 * {@code /ready}): one trace per scrape every few seconds would bury the traces of real traffic.
 * Vert.x sets {@code url.path} before the span starts, so the sampler can see it; every other span is
 * left to the configured sampler ({@code OTEL_TRACES_SAMPLER}).
 */
final class QuietPathsSampler implements Sampler {

    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    /** Paths of this many characters or more are looked up whatever their length. */
    private static final int SHORT = Long.SIZE;

    private final Sampler delegate;
    private final Set<String> quietPaths;
    /** Bit {@code n} set when a quiet path has {@code n} characters (below {@link #SHORT}): most paths skip hashing. */
    private final long shortLengths;

    private final boolean anyLong;

    QuietPathsSampler(Sampler delegate, Set<String> quietPaths) {
        this.delegate = delegate;
        this.quietPaths = Set.copyOf(quietPaths);
        long lengths = 0;
        boolean longPath = false;
        for (String path : this.quietPaths) {
            if (path.length() < SHORT) {
                lengths |= 1L << path.length();
            } else {
                longPath = true;
            }
        }
        this.shortLengths = lengths;
        this.anyLong = longPath;
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        if (spanKind == SpanKind.SERVER && isQuiet(attributes.get(URL_PATH))) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    /** Whether {@code path} is quiet; a server span without a path (an event-bus consumer's) is not. */
    private boolean isQuiet(String path) {
        if (path == null) {
            return false; // Set.of(…).contains(null) throws
        }
        int length = path.length();
        boolean possible = length < SHORT ? (shortLengths & (1L << length)) != 0 : anyLong;
        return possible && quietPaths.contains(path);
    }

    @Override
    public String getDescription() {
        return "QuietPaths{" + quietPaths + "," + delegate.getDescription() + "}";
    }
}
