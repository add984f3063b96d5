package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpTracer} makes the spans vertx-opentelemetry's tracer with the former status wrapper
 * ({@link ReferenceTracing}) makes: the same requests through a Vert.x instance traced by each give, span by span, the
 * same name, kind, instrumentation scope, attributes, status, events and parent (within the request's trace, or the
 * incoming {@code traceparent}), the same {@code traceparent} sent on, and the same span current in the handlers.
 * Ids are compared by what they point at; ports by which server they are. The one intended difference: the
 * reference's server spans carry the deprecated {@code http.url}, ours do not (they carry {@code url.scheme},
 * {@code url.path} and {@code url.query}, as the reference's do); it is taken out of the reference's server spans
 * before the comparison, after checking each has it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpTracerTest {

    private static final String INCOMING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INCOMING_SPAN = "00f067aa0ba902b7";
    private static final String SAMPLED = "00-" + INCOMING_TRACE + "-" + INCOMING_SPAN + "-01";
    private static final String UNSAMPLED = "00-" + INCOMING_TRACE + "-" + INCOMING_SPAN + "-00";
    private static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");
    private static final int MAX_POLLS = 500;

    private static TracedStack reference;
    private static TracedStack ours;
    private static final HttpClient DRIVER =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        reference = new TracedStack((sdk, spans) -> ReferenceTracing.factory(sdk), ReferenceTracing::quietPaths);
        ours = new TracedStack(HttpTracer::factory, UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    /** One exchange driven through a stack; returns when its last span has ended. */
    private interface Exchange {
        void run(TracedStack stack) throws Exception;
    }

    @Test
    @DisplayName("server answers 200, 404, 500 and a failed handler give the same server spans")
    void serverAnswers() throws Exception {
        same("200", 1, stack -> get(stack, stack.gateway.actualPort(), "/ok", null));
        same("404", 1, stack -> get(stack, stack.gateway.actualPort(), "/nowhere", null));
        same("500", 1, stack -> get(stack, stack.gateway.actualPort(), "/fail", null));
        same("throw", 1, stack -> get(stack, stack.gateway.actualPort(), "/throw", null));
    }

    @Test
    @DisplayName("client calls answered 200, 404, 500, refused and reset give the same client and server spans")
    void clientCalls() throws Exception {
        same("call 200", 3, stack -> get(stack, stack.gateway.actualPort(), "/call/ok", null));
        same("call 404", 3, stack -> get(stack, stack.gateway.actualPort(), "/call/missing", null));
        same("call 500 (502)", 3, stack -> get(stack, stack.gateway.actualPort(), "/call/fail", null));
        same("call refused", 1, stack -> get(stack, stack.gateway.actualPort(), "/call/refused", null));
        same("call reset", 2, stack -> get(stack, stack.gateway.actualPort(), "/call/reset", null));
    }

    @Test
    @DisplayName("an incoming traceparent, sampled or not, and a quiet path are continued and sent on alike")
    void incomingContext() throws Exception {
        same("sampled parent", 3, stack -> get(stack, stack.gateway.actualPort(), "/call/ok", SAMPLED));
        same("unsampled parent", 0, stack -> get(stack, stack.gateway.actualPort(), "/call/ok", UNSAMPLED));
        same("quiet path", 0, stack -> get(stack, stack.gateway.actualPort(), "/health", null));
        same(
                "quiet path under a sampled parent",
                0,
                stack -> get(stack, stack.gateway.actualPort(), "/health", SAMPLED));
    }

    @Test
    @DisplayName("spans a sampler records without sampling them get their status and response attributes")
    void recordedNotSampled() throws Exception {
        Sampler recordOnly = new Sampler() {
            @Override
            public SamplingResult shouldSample(
                    io.opentelemetry.context.Context parentContext,
                    String traceId,
                    String name,
                    io.opentelemetry.api.trace.SpanKind spanKind,
                    Attributes attributes,
                    List<LinkData> parentLinks) {
                return SamplingResult.recordOnly();
            }

            @Override
            public String getDescription() {
                return "RecordOnly";
            }
        };
        try (TracedStack stack = new TracedStack(HttpTracer::factory, delegate -> recordOnly)) {
            get(stack, stack.gateway.actualPort(), "/call/fail", null);
            for (int i = 0; !stack.open.isEmpty(); i++) {
                assertThat(i).as("every started span ended").isLessThan(MAX_POLLS);
                Thread.sleep(10);
            }
            List<String> ended = new ArrayList<>();
            synchronized (stack.spans) {
                for (SpanData span : stack.spans) {
                    assertThat(span.getSpanContext().isSampled()).isFalse();
                    ended.add(span.getKind() + " " + span.getStatus().getStatusCode() + " "
                            + span.getAttributes().get(VertxHttpTags.HTTP_RESPONSE_STATUS_CODE) + " "
                            + span.getAttributes().get(HttpSpanStatus.ERROR_TYPE));
                }
            }
            assertThat(ended)
                    .containsExactlyInAnyOrder("SERVER ERROR 500 500", "CLIENT ERROR 500 500", "SERVER ERROR 502 502");
        }
    }

    @Test
    @DisplayName("tracing policies PROPAGATE, ALWAYS and IGNORE make and skip the same spans")
    void policies() throws Exception {
        same("server PROPAGATE without parent", 0, stack -> get(stack, stack.propagating.actualPort(), "/ok", null));
        same("server PROPAGATE with parent", 1, stack -> get(stack, stack.propagating.actualPort(), "/ok", SAMPLED));
        same("client IGNORE", 2, stack -> get(stack, stack.gateway.actualPort(), "/ignored", null));
        same("client ALWAYS without parent", 2, stack -> fromOutside(stack, stack.alwaysClient));
        same("client PROPAGATE without parent", 1, stack -> fromOutside(stack, stack.client));
    }

    @Test
    @DisplayName("a request reset by its client and an event-bus request give the same spans")
    void resetAndEventBus() throws Exception {
        same("server reset", 1, HttpTracerTest::resetMidRequest);
        same("event bus", 3, stack -> get(stack, stack.gateway.actualPort(), "/bus", null));
    }

    @Test
    @DisplayName("messaging spans are CONSUMER and PRODUCER alike, with failures recorded alike")
    void messagingKinds() throws Exception {
        same("messaging", 2, stack -> {
            VertxTracer<Object, Object> tracer = stack.tracer();
            Context context = stack.context();
            MultiMap in = MultiMap.caseInsensitiveMultiMap().add("traceparent", SAMPLED);
            Object consumed = tracer.receiveRequest(
                    context, SpanKind.MESSAGING, TracingPolicy.PROPAGATE, "m", "consume", in, Tags.INSTANCE);
            MultiMap out = MultiMap.caseInsensitiveMultiMap();
            Object produced = tracer.sendRequest(
                    context, SpanKind.MESSAGING, TracingPolicy.PROPAGATE, "m", "produce", out::set, Tags.INSTANCE);
            synchronized (stack.upstreamHeaders) {
                stack.upstreamHeaders.add("produced " + out.get("traceparent"));
            }
            tracer.receiveResponse(context, "r", produced, new IOException("broker gone"), Tags.INSTANCE);
            tracer.sendResponse(context, "r", consumed, null, Tags.INSTANCE);
        });
    }

    @Test
    @DisplayName("no, one and two incoming baggage headers are sent on alike (the first header's entries)")
    void baggage() throws Exception {
        same("no baggage", 2, stack -> carryBaggage(stack, List.of(), List.of()));
        same(
                "one baggage header",
                2,
                stack -> carryBaggage(stack, List.of("user=alice,tier=gold"), List.of("tier=gold,user=alice")));
        same(
                "two baggage headers",
                2,
                stack -> carryBaggage(stack, List.of("user=alice", "tier=gold"), List.of("user=alice")));
    }

    /**
     * A request arriving with {@code baggage} headers (and a sampled {@code traceparent}) that makes a call: the
     * call's {@code traceparent} and {@code baggage} headers are kept; the latter must be {@code sentOn}.
     */
    private static void carryBaggage(TracedStack stack, List<String> baggage, List<String> sentOn) {
        VertxTracer<Object, Object> tracer = stack.tracer();
        Context context = stack.context();
        MultiMap in = MultiMap.caseInsensitiveMultiMap().add("traceparent", SAMPLED);
        baggage.forEach(header -> in.add("baggage", header));
        Object consumed = tracer.receiveRequest(
                context, SpanKind.MESSAGING, TracingPolicy.PROPAGATE, "m", "consume", in, Tags.INSTANCE);
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        Object produced = tracer.sendRequest(
                context, SpanKind.MESSAGING, TracingPolicy.PROPAGATE, "m", "produce", out::add, Tags.INSTANCE);
        assertThat(out.getAll("baggage")).as("baggage sent on for " + baggage).isEqualTo(sentOn);
        synchronized (stack.upstreamHeaders) {
            stack.upstreamHeaders.add("produced " + out.get("traceparent"));
            stack.upstreamHeaders.add("baggage " + out.getAll("baggage"));
        }
        tracer.receiveResponse(context, "r", produced, null, Tags.INSTANCE);
        tracer.sendResponse(context, "r", consumed, null, Tags.INSTANCE);
    }

    /**
     * Runs {@code exchange} through both stacks and asserts that each ended {@code expectedSpans} spans, the same ones,
     * sent the same headers upstream and had the same spans current in the handlers.
     */
    private static void same(String name, int expectedSpans, Exchange exchange) throws Exception {
        List<String> theirs = observe(reference, exchange, true);
        List<String> mine = observe(ours, exchange, false);
        assertThat(mine).as(name + ": spans, headers and current spans").isEqualTo(theirs);
        assertThat(theirs.stream().filter(line -> line.startsWith("span ")))
                .as(name + ": spans of the reference")
                .hasSize(expectedSpans);
    }

    /**
     * Runs {@code exchange} through {@code stack} and describes what it made; the reference's HTTP server spans are
     * described without their {@code http.url}, which each must have, and no span of ours may have it.
     */
    private static List<String> observe(TracedStack stack, Exchange exchange, boolean isReference) throws Exception {
        synchronized (stack.spans) {
            stack.spans.clear();
        }
        synchronized (stack.upstreamHeaders) {
            stack.upstreamHeaders.clear();
        }
        synchronized (stack.currentSpans) {
            stack.currentSpans.clear();
        }
        exchange.run(stack);
        for (int i = 0; !stack.open.isEmpty(); i++) {
            assertThat(i).as("every started span ended").isLessThan(MAX_POLLS);
            Thread.sleep(10);
        }
        List<SpanData> spans;
        List<String> headers;
        List<String> current;
        synchronized (stack.spans) {
            spans = List.copyOf(stack.spans);
        }
        synchronized (stack.upstreamHeaders) {
            headers = List.copyOf(stack.upstreamHeaders);
        }
        synchronized (stack.currentSpans) {
            current = List.copyOf(stack.currentSpans);
        }
        if (isReference) {
            List<SpanData> compared = new ArrayList<>();
            for (SpanData span : spans) {
                if (span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER
                        && span.getAttributes().get(VertxHttpTags.URL_SCHEME) != null) {
                    assertThat(span.getAttributes().get(VertxHttpTags.HTTP_URL))
                            .as("the reference's HTTP server span " + span.getName() + " has http.url")
                            .isNotNull();
                    compared.add(withoutHttpUrl(span));
                } else {
                    compared.add(span);
                }
            }
            spans = compared;
        } else {
            assertThat(spans)
                    .as("no span of ours has http.url")
                    .allSatisfy(span -> assertThat(span.getAttributes().get(VertxHttpTags.HTTP_URL))
                            .isNull());
        }
        return describe(spans, headers, current, stack.addresses());
    }

    /** {@code span} without its {@code http.url} attribute. */
    private static SpanData withoutHttpUrl(SpanData span) {
        Attributes attributes =
                span.getAttributes().toBuilder().remove(VertxHttpTags.HTTP_URL).build();
        return new DelegatingSpanData(span) {
            @Override
            public Attributes getAttributes() {
                return attributes;
            }

            @Override
            public int getTotalAttributeCount() {
                return attributes.size();
            }
        };
    }

    /**
     * The spans, headers and current spans as sorted lines, ids replaced by what they point at: a span's own
     * description without ids, the incoming parent, or "unexported" (a span not sampled).
     */
    static List<String> describe(
            List<SpanData> spans, List<String> headers, List<String> current, Map<String, String> addresses) {
        Map<String, SpanData> byId = new HashMap<>();
        for (SpanData span : spans) {
            byId.put(span.getSpanId(), span);
        }
        Map<String, String> labels = new HashMap<>();
        for (SpanData span : spans) {
            labels.put(span.getSpanId(), label(span, byId, addresses));
        }
        Map<String, String> traces = new LinkedHashMap<>();
        traces.put(INCOMING_TRACE, "incoming");
        List<SpanData> ordered = new ArrayList<>(spans);
        ordered.sort(Comparator.comparing(span -> labels.get(span.getSpanId())));
        List<String> lines = new ArrayList<>();
        for (SpanData span : ordered) {
            SpanContext parent = span.getParentSpanContext();
            String parentLabel = !parent.isValid()
                    ? "none"
                    : parent.isRemote() ? "remote " + id(parent.getSpanId(), labels) : id(parent.getSpanId(), labels);
            lines.add("span " + labels.get(span.getSpanId())
                    + " parent=[" + parentLabel + "]"
                    + " trace=" + trace(span, byId, traces)
                    + " status=" + span.getStatus()
                    + " events=" + events(span.getEvents(), addresses)
                    + " ended=" + span.hasEnded());
        }
        for (String header : headers) {
            String[] parts = header.split(" ", 2);
            String[] traceparent = parts[1].split("-");
            lines.add("header " + parts[0] + " "
                    + (traceparent.length != 4
                            ? parts[1]
                            : traceparent[0] + "-" + traces.getOrDefault(traceparent[1], "other trace") + "-["
                                    + id(traceparent[2], labels) + "]-" + traceparent[3]));
        }
        for (String id : current) {
            lines.add("current [" + (id.equals(SpanContext.getInvalid().getSpanId()) ? "none" : id(id, labels)) + "]");
        }
        lines.sort(null);
        return lines;
    }

    /** A span by what it is: kind, name, scope, attributes, and its parents' labels up to the trace's root. */
    private static String label(SpanData span, Map<String, SpanData> byId, Map<String, String> addresses) {
        SpanData parent = byId.get(span.getParentSpanId());
        return span.getKind() + " " + span.getName() + " "
                + span.getInstrumentationScopeInfo().getName() + " "
                + attributes(span.getAttributes(), addresses)
                + (parent == null ? "" : " < " + label(parent, byId, addresses));
    }

    private static String id(String spanId, Map<String, String> labels) {
        if (spanId.equals(INCOMING_SPAN)) {
            return "incoming";
        }
        String label = labels.get(spanId);
        return label == null ? "unexported" : label;
    }

    /** The incoming trace, or the trace of the topmost exported span above {@code span}. */
    private static String trace(SpanData span, Map<String, SpanData> byId, Map<String, String> traces) {
        SpanData top = span;
        while (byId.containsKey(top.getParentSpanId())) {
            top = byId.get(top.getParentSpanId());
        }
        String root = "trace of " + top.getKind() + " " + top.getName();
        return traces.computeIfAbsent(span.getTraceId(), id -> root);
    }

    private static String attributes(Attributes attributes, Map<String, String> addresses) {
        Map<String, String> sorted = new TreeMap<>();
        attributes.forEach((key, value) -> sorted.put(
                key.getKey() + ":" + key.getType(), key.equals(STACKTRACE) ? "<stack>" : ports(value, addresses)));
        return sorted.toString();
    }

    private static String events(List<EventData> events, Map<String, String> addresses) {
        List<String> described = new ArrayList<>();
        for (EventData event : events) {
            described.add(event.getName() + attributes(event.getAttributes(), addresses));
        }
        return described.toString();
    }

    private static String ports(Object value, Map<String, String> addresses) {
        String text = String.valueOf(value);
        for (Map.Entry<String, String> address : addresses.entrySet()) {
            text = text.replace(address.getKey(), address.getValue());
        }
        return text;
    }

    private static void get(TracedStack stack, int port, String path, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        DRIVER.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** A call from a context no request is handled on, with {@code client}. */
    private static void fromOutside(TracedStack stack, io.vertx.core.http.HttpClient client) {
        String url = "http://127.0.0.1:" + stack.upstream.actualPort() + "/ok";
        Context context = stack.context();
        Promise<Integer> done = Promise.promise();
        context.runOnContext(v -> TracedStack.call(client, url).onComplete(done));
        done.future().await();
    }

    /** A request whose client goes away after its headers and part of its body. */
    private static void resetMidRequest(TracedStack stack) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stack.gateway.actualPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /hang HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"na"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; stack.open.isEmpty(); i++) {
                assertThat(i).as("the request's span started").isLessThan(MAX_POLLS);
                Thread.sleep(10);
            }
            socket.setSoLinger(true, 0);
        }
    }

    /** Two tags on any object; the second one is named after the object. */
    private enum Tags implements TagExtractor<Object> {
        INSTANCE;

        @Override
        public int len(Object object) {
            return 2;
        }

        @Override
        public String name(Object object, int index) {
            return index == 0 ? "messaging.system" : "messaging." + object;
        }

        @Override
        public String value(Object object, int index) {
            return index == 0 ? "test" : object.toString();
        }
    }
}
