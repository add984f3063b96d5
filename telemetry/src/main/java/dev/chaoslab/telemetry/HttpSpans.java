package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.internal.ImmutableSpanContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.internal.AttributeUtil;
import io.opentelemetry.sdk.common.internal.AttributesMap;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes {@link HttpTracer}'s spans ({@link HttpSpan}) with the parts the SDK's autoconfiguration built — its sampler,
 * span processors, resource, span limits — and the SDK's ways: ids from {@link IdGenerator#random()}, the trace id
 * continued from a valid parent, the sampler asked with the span's start attributes, {@code onStart} of the processors
 * that require it with the parent context, {@code onEnd} of those that require it when the span ends. What the SDK's
 * {@code SdkSpanBuilder} does, without its per-span builder, attribute hash map and multi-processor, at the cost of
 * the SDK's tracer configurator (a disabled scope) and its shutdown check, which these spans do not look at: the
 * processors stay the tracer provider's, which flushes and shuts them down. Quiet paths ({@link QuietPaths}) are
 * the tracer's to decide: the sampler never sees them ({@link #start}).
 *
 * <p>With no processor at all (no exporter), spans are still real: sampled and recording as the sampler says, with
 * valid ids for log lines and exemplars. This is the one class that uses the SDK's internal API (span contexts made
 * without re-checking generated ids, the exception event's attributes), as the SDK itself does.
 *
 * <p>Thread safety: immutable; {@link #start} may be called from any thread.
 */
final class HttpSpans {

    private static final ExceptionAttributeResolver EXCEPTIONS = ExceptionAttributeResolver.getDefault();

    /** Trace flags by sampled (bit 0) and random trace id (bit 1): W3C's bits, made once. */
    private static final TraceFlags[] FLAGS = {
        TraceFlags.builder().build(),
        TraceFlags.builder().setSampled(true).build(),
        TraceFlags.builder().setRandomTraceId(true).build(),
        TraceFlags.builder().setSampled(true).setRandomTraceId(true).build()
    };

    /** The invalid span the SDK puts in a sampler's parent context to say that a new trace id is random. */
    private static final Span RANDOM_TRACE_ID =
            Span.wrap(SpanContext.create(TraceId.getInvalid(), SpanId.getInvalid(), FLAGS[2], TraceState.getDefault()));

    private static final Context ROOT_WITH_RANDOM_TRACE_ID = Context.root().with(RANDOM_TRACE_ID);

    private final Sampler sampler;
    private final SpanProcessor[] starting;
    private final SpanProcessor[] ending;
    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final Clock clock;
    private final IdGenerator ids;
    /** Whether {@link #ids} is the SDK's random generator, whose ids need no validation (the SDK's own shortcut). */
    private final boolean trustedIds;

    private final SpanLimits limits;

    /**
     * Spans sampled by {@code sampler}, handed to {@code processors} (in their order), with {@code resource}, the
     * instrumentation scope {@link HttpTracer#INSTRUMENTATION_SCOPE}, times from {@code clock}, ids from {@code ids}
     * and attributes within {@code limits}.
     */
    HttpSpans(
            Sampler sampler,
            List<SpanProcessor> processors,
            Resource resource,
            Clock clock,
            IdGenerator ids,
            SpanLimits limits) {
        this.sampler = sampler;
        this.starting =
                processors.stream().filter(SpanProcessor::isStartRequired).toArray(SpanProcessor[]::new);
        this.ending = processors.stream().filter(SpanProcessor::isEndRequired).toArray(SpanProcessor[]::new);
        this.resource = resource;
        this.scope = InstrumentationScopeInfo.create(HttpTracer.INSTRUMENTATION_SCOPE);
        this.clock = clock;
        this.ids = ids;
        this.trustedIds = ids == IdGenerator.random();
        this.limits = limits;
    }

    /** Empty attributes within this factory's limits, for the next span's start attributes. */
    SpanAttributes attributes() {
        return new SpanAttributes(limits.getMaxNumberOfAttributes(), limits.getMaxAttributeValueLength());
    }

    /**
     * Starts a span under {@code parent} with the start {@code attributes} (the span keeps them): an {@link HttpSpan}
     * when the sampler records it, else a non-recording span with valid ids; a {@code quiet} span is never recorded
     * nor sampled (the sampler is not asked).
     */
    Span start(String name, SpanKind kind, Context parent, SpanAttributes attributes, boolean quiet) {
        Span parentSpan = Span.fromContext(parent);
        SpanContext parentContext = parentSpan.getSpanContext();
        String spanId = ids.generateSpanId();
        String traceId;
        boolean randomTraceId;
        Context samplerParent = parent;
        if (parentContext.isValid()) {
            traceId = parentContext.getTraceId();
            randomTraceId = parentContext.getTraceFlags().isTraceIdRandom();
        } else {
            traceId = ids.generateTraceId();
            randomTraceId = ids.generatesRandomTraceIds();
            if (randomTraceId) { // the sampler is told the new trace id is random, as the SDK tells it
                samplerParent = parent == Context.root() ? ROOT_WITH_RANDOM_TRACE_ID : parent.with(RANDOM_TRACE_ID);
            }
        }
        TraceState parentState = parentContext.getTraceState();
        if (quiet) {
            return Span.wrap(context(traceId, spanId, false, randomTraceId, parentState));
        }
        SamplingResult result = sampler.shouldSample(samplerParent, traceId, name, kind, attributes, List.of());
        SamplingDecision decision = result.getDecision();
        SpanContext context = context(
                traceId,
                spanId,
                decision == SamplingDecision.RECORD_AND_SAMPLE,
                randomTraceId,
                result.getUpdatedTraceState(parentState));
        if (decision == SamplingDecision.DROP) {
            return Span.wrap(context);
        }
        Attributes added = result.getAttributes();
        if (!added.isEmpty()) {
            added.forEach(attributes::putAny);
        }
        long startNanoTime;
        long startEpochNanos;
        if (parentSpan instanceof HttpSpan anchor && anchor.factory() == this) {
            startNanoTime = clock.nanoTime();
            startEpochNanos = anchor.startEpochNanos() + (startNanoTime - anchor.startNanoTime());
        } else if (clock instanceof AnchoredWallClock anchored) {
            startNanoTime = clock.nanoTime();
            startEpochNanos = anchored.nowAt(startNanoTime);
        } else {
            startEpochNanos = clock.now();
            startNanoTime = clock.nanoTime();
        }
        HttpSpan span =
                new HttpSpan(this, context, parentContext, name, kind, attributes, startEpochNanos, startNanoTime);
        for (SpanProcessor processor : starting) {
            processor.onStart(parent, span);
        }
        return span;
    }

    private SpanContext context(
            String traceId, String spanId, boolean sampled, boolean randomTraceId, TraceState state) {
        return ImmutableSpanContext.create(
                traceId, spanId, FLAGS[(sampled ? 1 : 0) | (randomTraceId ? 2 : 0)], state, false, trustedIds);
    }

    /** Hands {@code span}, just ended, to the processors that require it. */
    void ended(HttpSpan span) {
        for (SpanProcessor processor : ending) {
            processor.onEnd(span);
        }
    }

    /** An event at {@code epochNanos} with {@code attributes} ({@code null}: none) cut to the event limits. */
    EventData event(long epochNanos, String name, Attributes attributes) {
        Attributes given = attributes == null ? Attributes.empty() : attributes;
        return EventData.create(
                epochNanos,
                name,
                AttributeUtil.applyAttributesLimit(
                        given, limits.getMaxNumberOfAttributesPerEvent(), limits.getMaxAttributeValueLength()),
                given.size());
    }

    /**
     * The {@code exception} event the SDK's {@code recordException} makes: {@code exception.type},
     * {@code exception.message} and {@code exception.stacktrace} as its default resolver writes them, then
     * {@code additional} ({@code null}: none), within the span's attribute limits.
     */
    EventData exceptionEvent(long epochNanos, Throwable exception, Attributes additional) {
        int lengthLimit = limits.getMaxAttributeValueLength();
        AttributesMap attributes = AttributesMap.create(limits.getMaxNumberOfAttributes(), lengthLimit);
        EXCEPTIONS.setExceptionAttributes(attributes::put, exception, lengthLimit);
        if (additional != null) {
            additional.forEach(attributes::put);
        }
        return ExceptionEventData.create(epochNanos, exception, attributes, attributes.getTotalAddedValues());
    }

    Clock clock() {
        return clock;
    }

    SpanLimits limits() {
        return limits;
    }

    InstrumentationScopeInfo scope() {
        return scope;
    }

    Resource resource() {
        return resource;
    }

    /**
     * Collects, while the SDK's autoconfiguration runs, the parts it builds that the tracer provider does not hand out:
     * its resource ({@link #resource}, as the last resource customizer) and its span processors ({@link #processor},
     * as a span processor customizer, returning each unchanged). {@link #spans} then makes the factory with them and
     * the provider's sampler and limits.
     *
     * <p>Thread safety: the autoconfiguration calls it on one thread; {@link #spans} after it has built the SDK.
     */
    static final class Parts {
        private final List<SpanProcessor> processors = new CopyOnWriteArrayList<>();
        private volatile Resource resource = Resource.getDefault();

        /** Keeps {@code built}, the resource so far, and returns it unchanged. */
        Resource resource(Resource built, ConfigProperties config) {
            resource = built;
            return built;
        }

        /** Keeps {@code built}, a span processor of the SDK, and returns it unchanged. */
        SpanProcessor processor(SpanProcessor built, ConfigProperties config) {
            processors.add(built);
            return built;
        }

        /** Spans made with the parts collected and {@code provider}'s sampler and limits, timed by {@code clock}. */
        HttpSpans spans(SdkTracerProvider provider, Clock clock) {
            return new HttpSpans(
                    provider.getSampler(),
                    List.copyOf(processors),
                    resource,
                    clock,
                    IdGenerator.random(),
                    provider.getSpanLimits());
        }
    }
}
