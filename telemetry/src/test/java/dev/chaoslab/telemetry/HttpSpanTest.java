package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpSpan} and {@link HttpSpans} hold the SDK's rules: where a rule is the SDK's, the same calls are made on a
 * span of the SDK (OpenTelemetry 1.68, same limits) and the two spans' data compared.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpSpanTest {

    private static final AttributeKey<String> A = AttributeKey.stringKey("a");
    private static final AttributeKey<String> B = AttributeKey.stringKey("b");
    private static final AttributeKey<Long> A_AS_LONG = AttributeKey.longKey("a");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final SpanContext REMOTE_PARENT = SpanContext.createFromRemoteParent(
            TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    /** Counts and keeps the spans it is handed. */
    private static final class Kept implements SpanProcessor {
        final List<ReadWriteSpan> started = Collections.synchronizedList(new ArrayList<>());
        final List<ReadableSpan> ended = Collections.synchronizedList(new ArrayList<>());
        final List<Context> parents = Collections.synchronizedList(new ArrayList<>());
        private final boolean startRequired;
        private final boolean endRequired;

        Kept(boolean startRequired, boolean endRequired) {
            this.startRequired = startRequired;
            this.endRequired = endRequired;
        }

        Kept() {
            this(true, true);
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            parents.add(parentContext);
            started.add(span);
        }

        @Override
        public boolean isStartRequired() {
            return startRequired;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            ended.add(span);
        }

        @Override
        public boolean isEndRequired() {
            return endRequired;
        }
    }

    private static HttpSpans spans(Sampler sampler, SpanLimits limits, SpanProcessor... processors) {
        return new HttpSpans(
                sampler, List.of(processors), Resource.getDefault(), Clock.getDefault(), IdGenerator.random(), limits);
    }

    private static HttpSpan server(HttpSpans spans) {
        return (HttpSpan) spans.start("GET", SpanKind.SERVER, Context.root(), spans.attributes(), false);
    }

    /**
     * The data of the span the SDK makes and of ours after the same {@code calls}, ended: described alike, ids and
     * times left out.
     */
    private static void sameAsTheSdk(SpanLimits limits, Consumer<Span> calls) {
        Kept sdkKept = new Kept();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSpanLimits(limits)
                .addSpanProcessor(sdkKept)
                .build()) {
            Span theirs = provider.get(HttpTracer.INSTRUMENTATION_SCOPE)
                    .spanBuilder("GET")
                    .setSpanKind(SpanKind.SERVER)
                    .setNoParent()
                    .startSpan();
            calls.accept(theirs);
            theirs.end();
            Kept kept = new Kept();
            Span ours = server(spans(Sampler.alwaysOn(), limits, kept));
            calls.accept(ours);
            ours.end();
            assertThat(describe(kept.ended.get(0).toSpanData()))
                    .isEqualTo(describe(sdkKept.ended.get(0).toSpanData()));
        }
    }

    /** What an exporter reads of {@code span}, but its ids and times. */
    private static String describe(SpanData span) {
        List<String> events = new ArrayList<>();
        for (EventData event : span.getEvents()) {
            events.add(event.getName() + " " + sorted(event.getAttributes()) + " of "
                    + event.getTotalAttributeCount()
                    + (event instanceof ExceptionEventData exception
                            ? " exception " + exception.getException().getMessage()
                            : ""));
        }
        return span.getName() + " " + span.getKind() + " " + span.getStatus() + " " + sorted(span.getAttributes())
                + " of " + span.getTotalAttributeCount() + " events " + events + " of "
                + span.getTotalRecordedEvents() + " links " + span.getLinks() + " of " + span.getTotalRecordedLinks()
                + " ended " + span.hasEnded() + " scope " + span.getInstrumentationScopeInfo() + " resource "
                + span.getResource() + " parent " + span.getParentSpanContext();
    }

    private static Map<String, Object> sorted(Attributes attributes) {
        Map<String, Object> sorted = new TreeMap<>();
        attributes.forEach((key, value) -> sorted.put(key.getKey() + ":" + key.getType(), value));
        assertThat(sorted).hasSize(attributes.size());
        return sorted;
    }

    @Test
    @DisplayName(
            "a later value of an attribute's name replaces the earlier one; null values and empty names are not set")
    void attributesReplace() {
        sameAsTheSdk(SpanLimits.getDefault(), span -> {
            span.setAttribute(A, "first");
            span.setAttribute(B, "b");
            span.setAttribute(A, "second");
            span.setAttribute(A_AS_LONG, 7L);
            span.setAttribute(B, null);
            span.setAttribute(AttributeKey.stringKey(""), "no name");
        });
        HttpSpan span = server(spans(Sampler.alwaysOn(), SpanLimits.getDefault()));
        span.setAttribute(A, "first");
        span.setAttribute(B, "b");
        span.setAttribute(A, "second");
        span.end();
        assertThat(span.getAttribute(A)).isEqualTo("second");
        List<String> order = new ArrayList<>();
        span.toSpanData().getAttributes().forEach((key, value) -> order.add(key.getKey() + "=" + value));
        assertThat(order).as("replaced in its place").containsExactly("a=second", "b=b");
        assertThat(span.toSpanData().getTotalAttributeCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("past the attribute count limit new names are dropped but counted; values are cut to the length limit")
    void limits() {
        SpanLimits limits = SpanLimits.builder()
                .setMaxNumberOfAttributes(3)
                .setMaxAttributeValueLength(4)
                .build();
        IllegalStateException failure = new IllegalStateException("a long message");
        sameAsTheSdk(limits, span -> {
            for (int i = 0; i < 12; i++) {
                span.setAttribute(AttributeKey.stringKey("k" + i), "value " + i);
            }
            span.setAttribute(AttributeKey.stringKey("k1"), "replaced");
            span.setAttribute(AttributeKey.stringArrayKey("k2"), List.of("abcdef", "x"));
            span.recordException(failure);
        });
        HttpSpan span = server(spans(Sampler.alwaysOn(), limits));
        for (int i = 0; i < 5; i++) {
            span.setAttribute(AttributeKey.stringKey("k" + i), "value " + i);
        }
        span.setAttribute(AttributeKey.stringKey("k0"), "abcdefgh");
        SpanData data = span.toSpanData();
        assertThat(data.getAttributes().size()).isEqualTo(3);
        assertThat(data.getTotalAttributeCount()).isEqualTo(5);
        assertThat(data.getAttributes().get(AttributeKey.stringKey("k0"))).isEqualTo("abcd");
        assertThat(data.getAttributes().get(AttributeKey.stringKey("k4"))).isNull();
    }

    @Test
    @DisplayName(
            "an exception is the SDK's exception event: type, message, stack trace, added attributes, the throwable")
    void exceptionEvent() {
        IllegalStateException failure = new IllegalStateException("boom", new RuntimeException("cause"));
        RuntimeException noMessage = new RuntimeException(); // made once: its stack trace is compared
        sameAsTheSdk(SpanLimits.getDefault(), span -> {
            span.recordException(failure);
            span.recordException(noMessage, Attributes.of(A, "added"));
            span.addEvent("plain", Attributes.of(B, "b"));
        });
        HttpSpan span = server(spans(Sampler.alwaysOn(), SpanLimits.getDefault()));
        assertThat(span.toSpanData().getEvents()).as("no event, no list").isEmpty();
        span.recordException(failure);
        span.end();
        EventData event = span.toSpanData().getEvents().get(0);
        assertThat(event.getName()).isEqualTo("exception");
        assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
                .contains("Caused by: java.lang.RuntimeException: cause");
        assertThat(((ExceptionEventData) event).getException()).isSameAs(failure);
        assertThat(event.getEpochNanos())
                .isBetween(
                        span.toSpanData().getStartEpochNanos(),
                        span.toSpanData().getEndEpochNanos());
    }

    @Test
    @DisplayName("status: UNSET is ignored, a description is kept for ERROR only, OK is final, nothing after the end")
    void statusRules() {
        sameAsTheSdk(SpanLimits.getDefault(), span -> span.setStatus(StatusCode.ERROR, "first"));
        sameAsTheSdk(SpanLimits.getDefault(), span -> {
            span.setStatus(StatusCode.ERROR, "first");
            span.setStatus(StatusCode.UNSET, "ignored");
        });
        sameAsTheSdk(SpanLimits.getDefault(), span -> {
            span.setStatus(StatusCode.ERROR, "first");
            span.setStatus(StatusCode.OK, "dropped description");
            span.setStatus(StatusCode.ERROR, "after OK");
        });
        HttpSpan span = server(spans(Sampler.alwaysOn(), SpanLimits.getDefault()));
        span.endWith(StatusCode.ERROR, "", HttpSpanStatus.ERROR_TYPE, "500", A, "a");
        span.setStatus(StatusCode.OK);
        span.setAttribute(B, "late");
        span.updateName("late");
        span.recordException(new IllegalStateException());
        span.endWith(StatusCode.ERROR, "again", B, "again", null, null);
        SpanData data = span.toSpanData();
        assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(data.getStatus().getDescription()).isEmpty();
        assertThat(sorted(data.getAttributes())).containsOnlyKeys("error.type:STRING", "a:STRING");
        assertThat(data.getName()).isEqualTo("GET");
        assertThat(data.getEvents()).isEmpty();
    }

    @Test
    @DisplayName("ended from two threads at once, a span ends once: one end time, one onEnd, one set of end attributes")
    void concurrentEnd() throws Exception {
        Kept kept = new Kept();
        HttpSpans spans = spans(Sampler.alwaysOn(), SpanLimits.getDefault(), kept);
        int rounds = 2_000;
        List<HttpSpan> made = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            made.add(server(spans));
        }
        CyclicBarrier barrier = new CyclicBarrier(2);
        Thread other = new Thread(() -> {
            for (HttpSpan span : made) {
                await(barrier);
                span.endWith(StatusCode.ERROR, "other", A, "other", B, "other");
            }
        });
        other.start();
        for (HttpSpan span : made) {
            await(barrier);
            span.endWith(null, null, A, "main", null, null);
        }
        other.join();
        assertThat(kept.ended).hasSize(rounds);
        assertThat(Set.copyOf(kept.ended)).hasSize(rounds);
        for (HttpSpan span : made) {
            SpanData data = span.toSpanData();
            boolean otherWon = "other".equals(data.getAttributes().get(A));
            assertThat(data.getStatus().getStatusCode()).isEqualTo(otherWon ? StatusCode.ERROR : StatusCode.UNSET);
            assertThat(data.getAttributes().size()).isEqualTo(otherWon ? 2 : 1);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("each processor is called once per span, onStart with the parent context, and only when it asks")
    void processorsOnce() {
        Kept both = new Kept();
        Kept endOnly = new Kept(false, true);
        Kept startOnly = new Kept(true, false);
        HttpSpans spans = spans(Sampler.alwaysOn(), SpanLimits.getDefault(), both, endOnly, startOnly);
        Context parent = Context.root().with(Span.wrap(REMOTE_PARENT));
        Span span = spans.start("GET", SpanKind.SERVER, parent, spans.attributes(), false);
        assertThat(both.started).containsExactly((ReadWriteSpan) span);
        assertThat(both.parents).containsExactly(parent);
        assertThat(both.ended).isEmpty();
        span.end();
        span.end();
        ((HttpSpan) span).endWith(StatusCode.ERROR, "", A, "a", null, null);
        assertThat(both.ended).containsExactly((ReadableSpan) span);
        assertThat(endOnly.started).isEmpty();
        assertThat(endOnly.ended).containsExactly((ReadableSpan) span);
        assertThat(startOnly.started).containsExactly((ReadWriteSpan) span);
        assertThat(startOnly.ended).isEmpty();
        assertThat(span.getSpanContext().getTraceId()).as("the parent's trace").isEqualTo(TRACE_ID);
        assertThat(((HttpSpan) span).getParentSpanContext()).isEqualTo(REMOTE_PARENT);
    }

    @Test
    @DisplayName("span data before the end is a copy with no end time; after, it holds the end and nothing changes it")
    void spanDataBeforeAndAfterEnd() {
        HttpSpan span = server(spans(Sampler.alwaysOn(), SpanLimits.getDefault()));
        span.setAttribute(A, "a");
        SpanData before = span.toSpanData();
        span.setAttribute(B, "b");
        span.updateName("GET /orders/:id");
        span.recordException(new IllegalStateException());
        assertThat(before.hasEnded()).isFalse();
        assertThat(before.getEndEpochNanos()).isZero();
        assertThat(before.getAttributes().size()).as("a copy").isEqualTo(1);
        assertThat(before.getName()).isEqualTo("GET");
        assertThat(before.getEvents()).isEmpty();
        assertThat(span.isRecording()).isTrue();
        span.end();
        SpanData after = span.toSpanData();
        span.setAttribute(A, "late");
        span.addEvent("late");
        assertThat(span.isRecording()).isFalse();
        assertThat(span.hasEnded()).isTrue();
        assertThat(after.hasEnded()).isTrue();
        assertThat(after.getEndEpochNanos()).isGreaterThanOrEqualTo(after.getStartEpochNanos());
        assertThat(after.getEndEpochNanos() - after.getStartEpochNanos()).isEqualTo(span.getLatencyNanos());
        assertThat(after.getName()).isEqualTo("GET /orders/:id");
        assertThat(after.getAttributes().get(A)).isEqualTo("a");
        assertThat(after.getAttributes().size()).isEqualTo(2);
        assertThat(after.getEvents()).hasSize(1);
        assertThat(span.toSpanData().getEvents()).hasSize(1);
        assertThat(after.getLinks()).isEmpty();
        assertThat(after.getInstrumentationScopeInfo().getName()).isEqualTo(HttpTracer.INSTRUMENTATION_SCOPE);
    }

    @Test
    @DisplayName("a quiet span is unsampled and not recording, with valid ids, without the sampler or the processors")
    void quietSpans() {
        Sampler refusing = new Sampler() {
            @Override
            public SamplingResult shouldSample(
                    Context parentContext,
                    String traceId,
                    String name,
                    SpanKind spanKind,
                    Attributes attributes,
                    List<LinkData> parentLinks) {
                throw new AssertionError("a quiet span's sampler is not asked");
            }

            @Override
            public String getDescription() {
                return "refusing";
            }
        };
        Kept kept = new Kept();
        HttpSpans spans = spans(refusing, SpanLimits.getDefault(), kept);
        Span root = spans.start("GET", SpanKind.SERVER, Context.root(), spans.attributes(), true);
        Span child = spans.start(
                "GET", SpanKind.SERVER, Context.root().with(Span.wrap(REMOTE_PARENT)), spans.attributes(), true);
        for (Span span : List.of(root, child)) {
            assertThat(span).isNotInstanceOf(HttpSpan.class);
            assertThat(span.isRecording()).isFalse();
            assertThat(span.getSpanContext().isValid()).isTrue();
            assertThat(span.getSpanContext().isSampled()).isFalse();
            span.end();
        }
        assertThat(root.getSpanContext().getTraceFlags().isTraceIdRandom()).isTrue();
        assertThat(child.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
        assertThat(child.getSpanContext().getSpanId()).isNotEqualTo(REMOTE_PARENT.getSpanId());
        assertThat(kept.started).isEmpty();
        assertThat(kept.ended).isEmpty();
    }

    @Test
    @DisplayName("the sampler decides: dropped spans carry valid unsampled ids, record-only spans record unsampled")
    void samplerDecides() {
        Kept kept = new Kept();
        HttpSpans dropping = spans(Sampler.alwaysOff(), SpanLimits.getDefault(), kept);
        Span dropped = dropping.start("GET", SpanKind.CLIENT, Context.root(), dropping.attributes(), false);
        assertThat(dropped.isRecording()).isFalse();
        assertThat(dropped.getSpanContext().isValid()).isTrue();
        assertThat(dropped.getSpanContext().isSampled()).isFalse();
        assertThat(kept.started).isEmpty();
        AtomicInteger asked = new AtomicInteger();
        Sampler recordOnly = new Sampler() {
            @Override
            public SamplingResult shouldSample(
                    Context parentContext,
                    String traceId,
                    String name,
                    SpanKind spanKind,
                    Attributes attributes,
                    List<LinkData> parentLinks) {
                asked.incrementAndGet();
                assertThat(attributes.get(A)).as("the start attributes").isEqualTo("start");
                assertThat(Span.fromContext(parentContext)
                                .getSpanContext()
                                .getTraceFlags()
                                .isTraceIdRandom())
                        .as("a new trace id's random flag shown to the sampler")
                        .isTrue();
                return SamplingResult.create(
                        io.opentelemetry.sdk.trace.samplers.SamplingDecision.RECORD_ONLY, Attributes.of(B, "sampler"));
            }

            @Override
            public String getDescription() {
                return "record only";
            }
        };
        HttpSpans recording = spans(recordOnly, SpanLimits.getDefault(), kept);
        SpanAttributes start = recording.attributes();
        start.put(A, "start");
        Span span = recording.start("GET", SpanKind.CLIENT, Context.root(), start, false);
        span.end();
        assertThat(asked).hasValue(1);
        assertThat(span).isInstanceOf(HttpSpan.class);
        assertThat(span.getSpanContext().isSampled()).isFalse();
        assertThat(kept.ended).hasSize(1);
        assertThat(sorted(kept.ended.get(0).toSpanData().getAttributes()))
                .containsEntry("a:STRING", "start")
                .containsEntry("b:STRING", "sampler");
    }

    @Test
    @DisplayName("with no processor spans are still sampled and recording with valid ids; a child shares the trace")
    void noProcessor() {
        HttpSpans spans = spans(Sampler.parentBased(Sampler.alwaysOn()), SpanLimits.getDefault());
        HttpSpan parent = server(spans);
        assertThat(parent.isRecording()).isTrue();
        assertThat(parent.getSpanContext().isValid()).isTrue();
        assertThat(parent.getSpanContext().isSampled()).isTrue();
        HttpSpan child =
                (HttpSpan) spans.start("GET", SpanKind.CLIENT, Context.root().with(parent), spans.attributes(), false);
        child.end();
        parent.end();
        SpanData childData = child.toSpanData();
        SpanData parentData = parent.toSpanData();
        assertThat(childData.getTraceId()).isEqualTo(parentData.getTraceId());
        assertThat(childData.getParentSpanId()).isEqualTo(parentData.getSpanId());
        assertThat(childData.getStartEpochNanos()).isGreaterThanOrEqualTo(parentData.getStartEpochNanos());
        assertThat(childData.getEndEpochNanos()).isLessThanOrEqualTo(parentData.getEndEpochNanos());
    }

    @Test
    @DisplayName("rename names a span and sets one attribute; ended, it changes nothing")
    void rename() {
        HttpSpan span = server(spans(Sampler.alwaysOn(), SpanLimits.getDefault()));
        span.rename("GET /orders/:id", A, "/orders/:id");
        span.end();
        span.rename("GET /late", A, "/late");
        SpanData data = span.toSpanData();
        assertThat(data.getName()).isEqualTo("GET /orders/:id");
        assertThat(data.getAttributes().get(A)).isEqualTo("/orders/:id");
    }

    /** A wall and a monotonic clock that move only when told. */
    private static final class ManualClock implements Clock {
        long wall = 1_796_000_000_000_000_000L;
        long ticks = 42;

        @Override
        public long now() {
            return wall;
        }

        @Override
        public long nanoTime() {
            return ticks;
        }
    }

    @Test
    @DisplayName(
            "times: a root span starts at the clock's now, a child on its parent's anchor, the end a monotonic span")
    void times() {
        ManualClock source = new ManualClock();
        long epoch = source.wall;
        AnchoredWallClock clock = new AnchoredWallClock(source, Duration.ofMillis(1));
        HttpSpans spans = new HttpSpans(
                Sampler.alwaysOn(),
                List.of(),
                Resource.getDefault(),
                clock,
                IdGenerator.random(),
                SpanLimits.getDefault());
        source.wall += 1_000;
        source.ticks += 1_000;
        HttpSpan parent = server(spans);
        source.wall += 5_000_000_000L; // a step (the wall clock stands still otherwise), seen by the next root span...
        source.ticks += 2_000_000;
        HttpSpan child =
                (HttpSpan) spans.start("GET", SpanKind.CLIENT, Context.root().with(parent), spans.attributes(), false);
        HttpSpan root = server(spans);
        source.ticks += 3_000;
        child.end();
        root.end();
        parent.end();
        assertThat(parent.toSpanData().getStartEpochNanos()).isEqualTo(epoch + 1_000);
        assertThat(parent.toSpanData().getEndEpochNanos()).isEqualTo(epoch + 1_000 + 2_003_000);
        assertThat(child.toSpanData().getStartEpochNanos())
                .as("...but not by a child of a span already started")
                .isEqualTo(epoch + 1_000 + 2_000_000);
        assertThat(child.getLatencyNanos()).isEqualTo(3_000);
        assertThat(root.toSpanData().getStartEpochNanos()).isEqualTo(epoch + 5_000_001_000L);
        assertThat(root.toSpanData().getEndEpochNanos()).isEqualTo(epoch + 5_000_004_000L);
    }
}
