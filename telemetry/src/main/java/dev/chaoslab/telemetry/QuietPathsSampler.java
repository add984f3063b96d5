package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Set;

/**
 * Drops the server spans started under a parent context marked quiet ({@link #markQuiet}: the requests of scrapers and
 * probes, {@code /metrics}, {@code /health}, {@code /ready}, one trace per scrape every few seconds would bury the
 * traces of real traffic) and leaves every other span to the configured sampler ({@code OTEL_TRACES_SAMPLER}). The
 * mark is in the context, not the span's attributes: the tracer knows a request's path before it starts the span; a
 * dropped span still gets its ids and carries its context on, unsampled, as any span the sampler drops. It wraps the
 * SDK's configured sampler; {@link HttpTracer}'s own spans ({@link HttpSpans}) are sampled by its {@link #delegate}
 * and made quiet by the tracer directly, with the same outcome and no context look-up. {@link Paths} are the quiet
 * paths the tracer recognises.
 */
final class QuietPathsSampler implements Sampler {

    private static final ContextKey<Boolean> QUIET = ContextKey.named("chaoslab-quiet-path");

    private final Sampler delegate;

    QuietPathsSampler(Sampler delegate) {
        this.delegate = delegate;
    }

    /** The sampler that decides every span not marked quiet. */
    Sampler delegate() {
        return delegate;
    }

    /** {@code parent} with the mark that makes this sampler drop the server span started under it. */
    static Context markQuiet(Context parent) {
        return parent.with(QUIET, Boolean.TRUE);
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        if (spanKind == SpanKind.SERVER && parentContext.get(QUIET) != null) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "QuietPaths{" + delegate.getDescription() + "}";
    }

    /**
     * The quiet paths a tracer recognises: most paths are told apart by their length alone, without hashing.
     *
     * <p>Thread safety: immutable.
     */
    static final class Paths {

        /** Paths of this many characters or more are looked up whatever their length. */
        private static final int SHORT = Long.SIZE;

        private final Set<String> quietPaths;
        /** Bit {@code n} set when a quiet path has {@code n} characters (below {@link #SHORT}). */
        private final long shortLengths;

        private final boolean anyLong;

        Paths(Set<String> quietPaths) {
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

        /** Whether {@code path} is quiet; no path ({@code null}: an event-bus consumer's) is not. */
        boolean isQuiet(String path) {
            if (path == null) {
                return false; // Set.of(…).contains(null) throws
            }
            int length = path.length();
            boolean possible = length < SHORT ? (shortLengths & (1L << length)) != 0 : anyLong;
            return possible && quietPaths.contains(path);
        }

        @Override
        public String toString() {
            return quietPaths.toString();
        }
    }
}
