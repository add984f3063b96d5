package dev.chaoslab.telemetry.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An OTLP/HTTP trace receiver for tests: a Vert.x server on a free loopback port that accepts
 * {@code POST /v1/traces} (protobuf) and keeps the spans it received.
 *
 * <pre>{@code
 * OtlpReceiver receiver = OtlpReceiver.start(vertx).await();
 * ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnv("orders").withEnv(receiver.env()));
 * … send a request …
 * List<ReceivedSpan> spans = receiver.awaitSpans(all -> all.size() >= 2).await();
 * receiver.close().await();
 * }</pre>
 *
 * Modules using it depend on {@code chaoslab-telemetry} with {@code <type>test-jar</type>} and on
 * {@code io.opentelemetry.proto:opentelemetry-proto}, both in test scope. Thread-safe.
 */
public final class OtlpReceiver {

    /**
     * A span as received: ids in lowercase hex ({@code parentSpanId} empty for a root span), {@code status} one of
     * {@code UNSET}, {@code OK}, {@code ERROR}.
     */
    public record ReceivedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            String serviceName,
            Map<String, String> attributes,
            List<Event> events,
            Map<String, String> resource,
            String scope,
            String status) {
        public boolean isRoot() {
            return parentSpanId.isEmpty();
        }
    }

    /** A span event (e.g. a chaos injection) with its attributes. */
    public record Event(String name, Map<String, String> attributes) {}

    private final Vertx vertx;
    private final HttpServer server;
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private int exportRequests;
    private volatile int failWithStatus;

    private record Waiter(Predicate<List<ReceivedSpan>> condition, Promise<List<ReceivedSpan>> promise) {}

    private OtlpReceiver(Vertx vertx) {
        this.vertx = vertx;
        // gzip bodies too (OTEL_EXPORTER_OTLP_COMPRESSION=gzip)
        this.server = vertx.createHttpServer(
                new HttpServerOptions().setHost("127.0.0.1").setPort(0).setDecompressionSupported(true));
    }

    /** Starts a receiver on a free port of 127.0.0.1. */
    public static Future<OtlpReceiver> start(Vertx vertx) {
        OtlpReceiver receiver = new OtlpReceiver(vertx);
        return receiver.server.requestHandler(receiver::handle).listen().map(receiver);
    }

    /** Base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT}, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Variables that point an SDK at this receiver and make it export without the usual 5 s delay. */
    public Map<String, String> env() {
        return Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "20");
    }

    public int port() {
        return server.actualPort();
    }

    /** Makes the receiver answer every export with {@code status} (0 = accept again). */
    public void failWith(int status) {
        this.failWithStatus = status;
    }

    /** All spans received so far, in arrival order. */
    public synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Spans of one service ({@code service.name}). */
    public List<ReceivedSpan> spansOf(String serviceName) {
        return spans().stream().filter(s -> s.serviceName().equals(serviceName)).collect(Collectors.toList());
    }

    /** Spans of one trace. */
    public List<ReceivedSpan> trace(String traceId) {
        return spans().stream().filter(s -> s.traceId().equals(traceId)).collect(Collectors.toList());
    }

    /** Number of {@code POST /v1/traces} requests received (accepted or not). */
    public synchronized int exportRequests() {
        return exportRequests;
    }

    /**
     * Completes with all spans received once {@code condition} holds for them (at once if it already does).
     * Never fails by itself: bound the wait with the test's {@code @Timeout}.
     */
    public Future<List<ReceivedSpan>> awaitSpans(Predicate<List<ReceivedSpan>> condition) {
        synchronized (this) {
            List<ReceivedSpan> now = List.copyOf(spans);
            if (condition.test(now)) {
                return Future.succeededFuture(now);
            }
            Promise<List<ReceivedSpan>> promise = Promise.promise();
            waiters.add(new Waiter(condition, promise));
            return promise.future();
        }
    }

    public Future<Void> close() {
        return server.close();
    }

    private void handle(HttpServerRequest request) {
        if (!"/v1/traces".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            int status = failWithStatus;
            try {
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
                synchronized (this) {
                    exportRequests++;
                }
                if (status != 0) {
                    request.response().setStatusCode(status).end();
                    return;
                }
                received(toSpans(export));
                request.response()
                        .putHeader("Content-Type", "application/x-protobuf")
                        .end(Buffer.buffer(
                                ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
            } catch (InvalidProtocolBufferException e) {
                request.response().setStatusCode(400).end("not an OTLP ExportTraceServiceRequest: " + e.getMessage());
            }
        });
    }

    private void received(List<ReceivedSpan> batch) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            spans.addAll(batch);
            List<ReceivedSpan> now = List.copyOf(spans);
            waiters.removeIf(waiter -> {
                if (waiter.condition().test(now)) {
                    completions.add(() -> waiter.promise().complete(now));
                    return true;
                }
                return false;
            });
        }
        completions.forEach(Runnable::run);
    }

    private static List<ReceivedSpan> toSpans(ExportTraceServiceRequest export) {
        List<ReceivedSpan> result = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
            Map<String, String> resource = attributes(resourceSpans.getResource());
            String service = resource.getOrDefault("service.name", "");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    List<Event> events = span.getEventsList().stream()
                            .map(e -> new Event(e.getName(), attributes(e.getAttributesList())))
                            .collect(Collectors.toList());
                    result.add(new ReceivedSpan(
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(),
                            span.getKind().name().replace("SPAN_KIND_", ""),
                            service,
                            attributes(span.getAttributesList()),
                            events,
                            resource,
                            scopeSpans.getScope().getName(),
                            span.getStatus().getCode().name().replace("STATUS_CODE_", "")));
                }
            }
        }
        return result;
    }

    private static Map<String, String> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : keyValues) {
            map.put(kv.getKey(), text(kv.getValue()));
        }
        return map;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE ->
                value.getArrayValue().getValuesList().stream()
                        .map(OtlpReceiver::text)
                        .collect(Collectors.joining(",", "[", "]"));
            default -> value.toString();
        };
    }
}
