package dev.chaoslab.telemetry;

import dev.chaoslab.telemetry.testing.RefusedPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A Vert.x instance traced by one tracer factory as {@link ServiceTelemetry#newVertx} wires it (its metrics with
 * {@link ServerSpanCapture}, an SDK with a quiet paths' sampler over parent-based always-on, W3C trace context and
 * baggage), exporting every span it ends into a list, with the servers and clients the comparison drives:
 *
 * <ul>
 *   <li>a gateway: {@code /ok}, {@code /fail} (500), {@code /throw} (a handler failure), {@code /call/:target} (calls
 *       the upstream's {@code /ok}, {@code /fail}, {@code /missing}, a port that refuses, a server that resets;
 *       answers the upstream's status below 500, else 502), {@code /health} (quiet, calls the upstream),
 *       {@code /ignored} (calls with a client whose policy is {@code IGNORE}), {@code /bus} (an event-bus request),
 *       {@code POST /hang} (never answers); every route records the span current in its handler;
 *   <li>an upstream that records the {@code traceparent} of each request, a server with tracing policy
 *       {@code PROPAGATE}, and a TCP server that closes each connection it gets.
 * </ul>
 */
final class TracedStack implements AutoCloseable {

    final Vertx vertx;
    final OpenTelemetrySdk sdk;
    final VertxTracerFactory factory;
    /** Payloads the tracer handed out and was not given back yet. */
    final Set<Object> open = ConcurrentHashMap.newKeySet();

    final List<SpanData> spans = new ArrayList<>();
    final List<String> upstreamHeaders = new ArrayList<>();
    final List<String> currentSpans = new ArrayList<>();

    final HttpServer gateway;
    final HttpServer upstream;
    final HttpServer propagating;
    final NetServer resetting;
    final RefusedPort refused = RefusedPort.open();
    final HttpClient client;
    final HttpClient alwaysClient;

    /**
     * How a stack's tracer factory is made: from its SDK, or from the spans of {@link HttpSpans} made with the SDK's
     * sampler, its processor, its (default) resource and clock.
     */
    interface Tracing {
        VertxTracerFactory factory(OpenTelemetrySdk sdk, HttpSpans spans);
    }

    /**
     * A stack traced by {@code tracing}'s factory over an SDK sampling with {@code sampler} applied to parent-based
     * always-on (the reference's quiet paths' sampler; ours decides quiet paths itself and takes it as it is).
     */
    TracedStack(Tracing tracing, UnaryOperator<Sampler> sampler) {
        SpanExporter exporter = SpanExports.to(batch -> {
            synchronized (spans) {
                spans.addAll(batch);
            }
            return CompletableResultCode.ofSuccess();
        });
        SpanProcessor processor = SimpleSpanProcessor.builder(exporter)
                .setExportUnsampledSpans(true)
                .build();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(sampler.apply(Sampler.parentBased(Sampler.alwaysOn())))
                        .addSpanProcessor(processor)
                        .build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        SdkTracerProvider provider = sdk.getSdkTracerProvider();
        factory = tracing.factory(
                sdk,
                new HttpSpans(
                        provider.getSampler(),
                        List.of(processor),
                        Resource.getDefault(),
                        Clock.getDefault(),
                        IdGenerator.random(),
                        provider.getSpanLimits()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(2)
                        .setMetricsOptions(new MicrometerMetricsOptions()
                                .setEnabled(true)
                                .setRegistryName("tracer-test-" + UUID.randomUUID())))
                .withMetrics(ServerSpanCapture.wrap(
                        new MicrometerMetricsFactory(registry),
                        new HttpServerMeters(registry),
                        name -> new HttpClientMeters(registry, name)))
                .withTracer(options -> Counting.of(factory.tracer(options), open))
                .build();
        vertx.eventBus().<String>consumer("echo", message -> message.reply("pong"));
        client = vertx.createHttpClient(new HttpClientOptions());
        alwaysClient = vertx.createHttpClient(new HttpClientOptions().setTracingPolicy(TracingPolicy.ALWAYS));
        HttpClient ignoring = vertx.createHttpClient(new HttpClientOptions().setTracingPolicy(TracingPolicy.IGNORE));
        resetting = vertx.createNetServer()
                .connectHandler(socket -> socket.handler(data -> socket.close()))
                .listen(0, "127.0.0.1")
                .await();
        Router up = Router.router(vertx);
        up.route().handler(ctx -> {
            String traceparent = ctx.request().getHeader("traceparent");
            synchronized (upstreamHeaders) {
                upstreamHeaders.add(ctx.request().path() + " " + (traceparent == null ? "none" : traceparent));
            }
            ctx.next();
        });
        up.get("/ok").handler(ctx -> ctx.response().end("ok"));
        up.get("/fail").handler(ctx -> ctx.response().setStatusCode(500).end());
        upstream = vertx.createHttpServer()
                .requestHandler(up)
                .listen(0, "127.0.0.1")
                .await();

        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            current();
            ctx.next();
        });
        router.get("/ok").handler(ctx -> ctx.response().end("ok"));
        router.get("/fail").handler(ctx -> ctx.response().setStatusCode(500).end());
        router.get("/throw").handler(ctx -> {
            throw new IllegalStateException("handler failed");
        });
        router.get("/call/:target")
                .handler(ctx -> call(client, target(ctx.pathParam("target"))).onComplete(answer -> {
                    current();
                    ctx.response()
                            .setStatusCode(answer.failed() || answer.result() >= 500 ? 502 : answer.result())
                            .end();
                }));
        router.get("/health")
                .handler(ctx -> call(client, "http://127.0.0.1:" + upstream.actualPort() + "/ok")
                        .onComplete(answer -> ctx.response().end()));
        router.get("/ignored")
                .handler(ctx -> call(ignoring, "http://127.0.0.1:" + upstream.actualPort() + "/ok")
                        .onComplete(answer -> ctx.response().end()));
        router.get("/bus")
                .handler(ctx -> vertx.eventBus()
                        .request("echo", "ping")
                        .onComplete(answer -> ctx.response().end()));
        router.post("/hang").handler(ctx -> {});
        gateway = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        Router quiet = Router.router(vertx);
        quiet.get("/ok").handler(ctx -> ctx.response().end("ok"));
        propagating = vertx.createHttpServer(new HttpServerOptions().setTracingPolicy(TracingPolicy.PROPAGATE))
                .requestHandler(quiet)
                .listen(0, "127.0.0.1")
                .await();
    }

    private String target(String name) {
        return switch (name) {
            case "ok", "fail", "missing" -> "http://127.0.0.1:" + upstream.actualPort() + "/" + name;
            case "refused" -> refused.url() + "/ok";
            case "reset" -> "http://127.0.0.1:" + resetting.actualPort() + "/ok";
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** GETs {@code url} with {@code http}: the status, or the failure. */
    static Future<Integer> call(HttpClient http, String url) {
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()));
    }

    private void current() {
        synchronized (currentSpans) {
            currentSpans.add(Span.current().getSpanContext().getSpanId());
        }
    }

    /** The tracer this stack's factory makes, called directly (not counted), for span kinds HTTP does not use. */
    VertxTracer<Object, Object> tracer() {
        @SuppressWarnings("unchecked")
        VertxTracer<Object, Object> tracer = (VertxTracer<Object, Object>) factory.tracer(new TracingOptions());
        return tracer;
    }

    Context context() {
        return vertx.getOrCreateContext();
    }

    /** {@code host:port} of each server of this stack, by the name a comparison may print instead. */
    Map<String, String> addresses() {
        return Map.of(
                "127.0.0.1:" + gateway.actualPort(), "127.0.0.1:GATEWAY",
                "127.0.0.1:" + upstream.actualPort(), "127.0.0.1:UPSTREAM",
                "127.0.0.1:" + propagating.actualPort(), "127.0.0.1:PROPAGATING",
                "127.0.0.1:" + resetting.actualPort(), "127.0.0.1:RESETTING",
                "127.0.0.1:" + refused.port(), "127.0.0.1:REFUSED");
    }

    @Override
    public void close() {
        vertx.close().await();
        sdk.close();
        refused.close();
    }

    /** Passes every call on, keeping the payloads handed out and not yet given back. */
    private record Counting(VertxTracer<Object, Object> delegate, Set<Object> open)
            implements VertxTracer<Object, Object> {

        @SuppressWarnings("unchecked")
        static Counting of(VertxTracer<?, ?> delegate, Set<Object> open) {
            return new Counting((VertxTracer<Object, Object>) delegate, open);
        }

        @Override
        public <R> Object receiveRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                Iterable<Map.Entry<String, String>> headers,
                TagExtractor<R> tagExtractor) {
            return opened(delegate.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor));
        }

        @Override
        public <R> void sendResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            delegate.sendResponse(context, response, payload, failure, tagExtractor);
            closed(payload);
        }

        @Override
        public <R> Object sendRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                BiConsumer<String, String> headers,
                TagExtractor<R> tagExtractor) {
            return opened(delegate.sendRequest(context, kind, policy, request, operation, headers, tagExtractor));
        }

        @Override
        public <R> void receiveResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            delegate.receiveResponse(context, response, payload, failure, tagExtractor);
            closed(payload);
        }

        private Object opened(Object payload) {
            if (payload != null) {
                open.add(payload);
            }
            return payload;
        }

        private void closed(Object payload) {
            if (payload != null) {
                open.remove(payload); // Vert.x ends a reset server request twice
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
