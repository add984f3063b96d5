package dev.chaoslab.telemetry;

import com.sun.management.ThreadMXBean;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A benchmark, not a test: the CPU time the tracer costs the event loop per gateway request of the shop's benchmark
 * (a server span without {@code traceparent}, a client span under it, a server span continuing its
 * {@code traceparent}), vertx-opentelemetry's tracer with the former status wrapper ("vertx") against
 * {@link HttpTracer} ("ours", on the shop's {@link AnchoredWallClock}; "ours/system clock" on the SDK's default clock,
 * as vertx-opentelemetry's), in interleaved rounds in one JVM. The tracers are called directly, in a loop, with the
 * real Vert.x objects, tag extractors and headers of one such request, captured from a loopback exchange (the URL a
 * server request keeps from {@code absoluteURI()} is cleared before each call, as each request in a server is new);
 * the SDK is set up as the shop's (parent-based always-on — the reference's behind
 * {@link ReferenceTracing#quietPaths}, the base's behind its own quiet paths' sampler where it has one —, W3C propagators, the
 * recording processor, a batch processor in front of an exporter that discards; ours makes its spans with
 * {@link HttpSpans} over that SDK's sampler, processors and limits, as {@link ServiceTelemetry} wires it). With an
 * argument, the
 * {@code target/classes} of another build of this module (e.g. a worktree of the base commit), its tracer runs as
 * "base" in the same rounds. Thread CPU time and bytes allocated of the calling thread only: the batch processor's
 * export thread is the same for all.
 *
 * <pre>{@code
 * mvn -B -q -pl telemetry -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp telemetry/target/test-classes:telemetry/target/classes:$(cat /tmp/cp.txt) dev.chaoslab.telemetry.HttpTracerCost \
 *     [/path/to/base/telemetry/target/classes]
 * }</pre>
 */
public final class HttpTracerCost {

    private static final int WARM_UP = 600_000;
    private static final int MEASURED = 300_000;
    private static final int ROUNDS = 6;

    /** Forgets the URL a replayed server request kept, before each call. */
    private static final FreshUrl FRESH_URL = new FreshUrl();

    private HttpTracerCost() {}

    /**
     * Clears the {@code absoluteURI()} a replayed Vert.x server request kept from its last call, so that a tracer
     * that sets {@code http.url} (vertx-opentelemetry's; ours before it left it out) makes it per request as in a
     * server, where each request is new.
     */
    private static final class FreshUrl {
        private final Class<?> type;
        private final VarHandle kept;

        FreshUrl() {
            try {
                type = Class.forName("io.vertx.core.http.impl.Http1xServerRequest");
                kept = MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                        .findVarHandle(type, "absoluteURI", String.class);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Vert.x's HTTP/1.x server request has no absoluteURI field", e);
            }
        }

        void forget(Object request) {
            if (request.getClass() == type) {
                kept.set(request, (String) null);
            }
        }
    }

    /** The arguments Vert.x passed to the tracer for one call. */
    private record Call(Context context, Object request, Object headers, TagExtractor<Object> tags) {}

    /** One gateway request's tracer calls, as captured. */
    private static final class Captured {
        final List<Call> received = new ArrayList<>();
        final List<Call> responded = new ArrayList<>();
        final List<Call> sent = new ArrayList<>();
        final List<Call> answered = new ArrayList<>();
    }

    public static void main(String[] args) {
        AtomicLong exported = new AtomicLong();
        SpanExporter discard = SpanExports.to(spans -> {
            exported.addAndGet(spans.size());
            return CompletableResultCode.ofSuccess();
        });
        List<OpenTelemetrySdk> sdks = new ArrayList<>();
        Captured captured = capture(ours(Clock.getDefault(), discard, sdks));
        Map<String, VertxTracer<Object, Object>> tracers = new LinkedHashMap<>();
        tracers.put(
                "vertx",
                tracer(ReferenceTracing.factory(sdk(
                        Clock.getDefault(),
                        ReferenceTracing.quietPaths(Sampler.parentBased(Sampler.alwaysOn())),
                        discard,
                        sdks))));
        if (args.length > 0) {
            ClassLoader base = baseLoader(Path.of(args[0]));
            tracers.put("base", tracer(baseline(base, sdk(Clock.getDefault(), baseSampler(base), discard, sdks))));
        }
        tracers.put("ours/system clock", tracer(ours(Clock.getDefault(), discard, sdks)));
        tracers.put("ours", tracer(ours(AnchoredWallClock.system(), discard, sdks)));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf(
                "CPU time of the tracer per gateway request (2 server spans + 1 client span), %d requests per round"
                        + " after %d of warm-up; load %.2f%n",
                MEASURED, WARM_UP, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (String name : tracers.keySet()) {
            run(tracers.get(name), captured, WARM_UP);
            serverSpans(tracers.get(name), captured, WARM_UP);
        }
        for (int round = 1; round <= ROUNDS; round++) {
            for (String name : tracers.keySet()) {
                long allocated = threads.getCurrentThreadAllocatedBytes();
                long start = threads.getCurrentThreadCpuTime();
                long spans = run(tracers.get(name), captured, MEASURED);
                long request = threads.getCurrentThreadCpuTime() - start;
                long requestBytes = threads.getCurrentThreadAllocatedBytes() - allocated;
                allocated = threads.getCurrentThreadAllocatedBytes();
                start = threads.getCurrentThreadCpuTime();
                long servers = serverSpans(tracers.get(name), captured, MEASURED);
                long server = threads.getCurrentThreadCpuTime() - start;
                long serverBytes = threads.getCurrentThreadAllocatedBytes() - allocated;
                System.out.printf(
                        "round %d %-17s %.3f µs %d B per gateway request (%.2f spans), %.3f µs %d B per server span"
                                + " (%.2f) (load %.2f)%n",
                        round,
                        name,
                        request / 1000.0 / MEASURED,
                        requestBytes / MEASURED,
                        (double) spans / MEASURED,
                        server / 1000.0 / MEASURED,
                        serverBytes / MEASURED,
                        (double) servers / MEASURED,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
        sdks.forEach(OpenTelemetrySdk::close);
        System.out.printf("spans exported: %d%n", exported.get());
    }

    /**
     * An SDK set up as the shop's but for its clock ({@code clock}), exporting to {@code exporter}, added to
     * {@code made}: one per tracer, so that no tracer meets another's batch queue (full or drained) at its turn.
     */
    private static OpenTelemetrySdk sdk(Clock clock, SpanExporter exporter, List<OpenTelemetrySdk> made) {
        return sdk(clock, Sampler.parentBased(Sampler.alwaysOn()), exporter, made);
    }

    /**
     * The working tree's tracer ({@link HttpTracer} making {@link HttpSpans}' spans) over an SDK set up as
     * {@link #sdk(Clock, SpanExporter, List)}'s, with that SDK's sampler, processors and limits, as
     * {@link ServiceTelemetry} wires them.
     */
    private static VertxTracerFactory ours(Clock clock, SpanExporter exporter, List<OpenTelemetrySdk> made) {
        List<SpanProcessor> processors = processors(exporter);
        OpenTelemetrySdk sdk = sdk(clock, Sampler.parentBased(Sampler.alwaysOn()), processors, made);
        SdkTracerProvider provider = sdk.getSdkTracerProvider();
        return HttpTracer.factory(
                sdk,
                new HttpSpans(
                        provider.getSampler(),
                        processors,
                        Resource.getDefault(),
                        clock,
                        IdGenerator.random(),
                        provider.getSpanLimits()));
    }

    /** The shop's span processors: the recording one, a batch processor in front of {@code exporter}. */
    private static List<SpanProcessor> processors(SpanExporter exporter) {
        return List.of(
                new RecordingSpanProcessor(),
                BatchSpanProcessor.builder(exporter).setMaxQueueSize(1 << 16).build());
    }

    /** {@link #sdk(Clock, SpanExporter, List)} sampling with {@code sampler}. */
    private static OpenTelemetrySdk sdk(
            Clock clock, Sampler sampler, SpanExporter exporter, List<OpenTelemetrySdk> made) {
        return sdk(clock, sampler, processors(exporter), made);
    }

    /** An SDK timed by {@code clock}, sampling with {@code sampler}, handing spans to {@code processors}. */
    private static OpenTelemetrySdk sdk(
            Clock clock, Sampler sampler, List<SpanProcessor> processors, List<OpenTelemetrySdk> made) {
        SdkTracerProviderBuilder tracing =
                SdkTracerProvider.builder().setClock(clock).setSampler(sampler);
        processors.forEach(tracing::addSpanProcessor);
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        made.add(sdk);
        return sdk;
    }

    /**
     * A class loader of another build of this module ({@code classes}: its {@code target/classes}) that loads this
     * package's classes first from there, so that a change is measured against its baseline in the same JVM.
     */
    private static ClassLoader baseLoader(Path classes) {
        ClassLoader parent = HttpTracerCost.class.getClassLoader();
        try {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, parent) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    if (!name.startsWith(HttpTracerCost.class.getPackageName() + ".")) {
                        return super.loadClass(name, resolve);
                    }
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> loaded = findLoadedClass(name);
                        return loaded != null ? loaded : findClass(name);
                    }
                }
            };
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a class path entry: " + classes, e);
        }
    }

    /** The quiet paths' sampler of builds before the tracer made its own spans (session 14). */
    private static final String BASE_QUIET_PATHS_SAMPLER = "dev.chaoslab.telemetry.QuietPathsSampler";

    /**
     * The base build's quiet paths' sampler over parent-based always-on: built with the default paths where its
     * constructor takes them (a sampler that reads {@code url.path}), else with the delegate alone; the delegate
     * alone for a build without one (its tracer decides quiet paths itself).
     */
    private static Sampler baseSampler(ClassLoader base) {
        Sampler delegate = Sampler.parentBased(Sampler.alwaysOn());
        Class<?> type;
        try {
            type = base.loadClass(BASE_QUIET_PATHS_SAMPLER);
        } catch (ClassNotFoundException quietPathsOfItsOwn) {
            return delegate;
        }
        try {
            try {
                Constructor<?> withPaths = type.getDeclaredConstructor(Sampler.class, Set.class);
                withPaths.setAccessible(true);
                return (Sampler) withPaths.newInstance(delegate, ServiceTelemetry.DEFAULT_UNTRACED_PATHS);
            } catch (NoSuchMethodException markedByTheTracer) {
                Constructor<?> alone = type.getDeclaredConstructor(Sampler.class);
                alone.setAccessible(true);
                return (Sampler) alone.newInstance(delegate);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the base build's quiet paths' sampler cannot be made", e);
        }
    }

    /** {@link HttpTracer#factory} of the base build loaded by {@code loader}. */
    private static VertxTracerFactory baseline(ClassLoader loader, OpenTelemetrySdk sdk) {
        try {
            Method factory =
                    loader.loadClass(HttpTracer.class.getName()).getDeclaredMethod("factory", OpenTelemetry.class);
            factory.setAccessible(true);
            return (VertxTracerFactory) factory.invoke(null, sdk);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("no HttpTracer in the base build", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static VertxTracer<Object, Object> tracer(VertxTracerFactory factory) {
        return (VertxTracer<Object, Object>) factory.tracer(new TracingOptions());
    }

    /** {@code requests} server spans (the gateway's: no {@code traceparent}), started and ended; returns the spans. */
    @SuppressWarnings("unchecked")
    private static long serverSpans(VertxTracer<Object, Object> tracer, Captured captured, int requests) {
        Call in = captured.received.get(0);
        Call out = captured.responded.get(1);
        long started = 0;
        for (int i = 0; i < requests; i++) {
            FRESH_URL.forget(in.request);
            Object server = tracer.receiveRequest(
                    in.context,
                    SpanKind.RPC,
                    TracingPolicy.ALWAYS,
                    in.request,
                    "GET",
                    (Iterable<Map.Entry<String, String>>) in.headers,
                    in.tags);
            tracer.sendResponse(out.context, out.request, server, null, out.tags);
            started += server == null ? 0 : 1;
        }
        return started;
    }

    /**
     * {@code requests} gateway requests: a server span, the client span under it, the next service's server span;
     * returns how many spans the tracer started (3 per request when it traces them all).
     */
    @SuppressWarnings("unchecked")
    private static long run(VertxTracer<Object, Object> tracer, Captured captured, int requests) {
        Call gatewayIn = captured.received.get(0);
        Call gatewayOut = captured.responded.get(1); // the inventory answers first
        Call inventoryIn = captured.received.get(1);
        Call inventoryOut = captured.responded.get(0);
        Call clientOut = captured.sent.get(0);
        Call clientIn = captured.answered.get(0);
        BiConsumer<String, String> discard = (name, value) -> {};
        long started = 0;
        for (int i = 0; i < requests; i++) {
            FRESH_URL.forget(gatewayIn.request);
            Object server = tracer.receiveRequest(
                    gatewayIn.context,
                    SpanKind.RPC,
                    TracingPolicy.ALWAYS,
                    gatewayIn.request,
                    "GET",
                    (Iterable<Map.Entry<String, String>>) gatewayIn.headers,
                    gatewayIn.tags);
            Object client = tracer.sendRequest(
                    clientOut.context,
                    SpanKind.RPC,
                    TracingPolicy.PROPAGATE,
                    clientOut.request,
                    "GET",
                    discard,
                    clientOut.tags);
            FRESH_URL.forget(inventoryIn.request);
            Object inventory = tracer.receiveRequest(
                    inventoryIn.context,
                    SpanKind.RPC,
                    TracingPolicy.ALWAYS,
                    inventoryIn.request,
                    "GET",
                    (Iterable<Map.Entry<String, String>>) inventoryIn.headers,
                    inventoryIn.tags);
            tracer.sendResponse(inventoryOut.context, inventoryOut.request, inventory, null, inventoryOut.tags);
            tracer.receiveResponse(clientIn.context, clientIn.request, client, null, clientIn.tags);
            tracer.sendResponse(gatewayOut.context, gatewayOut.request, server, null, gatewayOut.tags);
            started += (server == null ? 0 : 1) + (client == null ? 0 : 1) + (inventory == null ? 0 : 1);
        }
        return started;
    }

    /** Runs one gateway request (GET /api/products/SKU-001 → GET /stock/SKU-001) through a loopback server, keeping the tracer calls. */
    private static Captured capture(VertxTracerFactory ours) {
        Captured captured = new Captured();
        Vertx vertx = Vertx.builder()
                .withTracer(options -> new Capturing(tracer(ours), captured))
                .build();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions());
        HttpServer[] server = new HttpServer[1];
        server[0] = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (request.path().startsWith("/api/")) {
                        TracedStack.call(client, "http://127.0.0.1:" + server[0].actualPort() + "/stock/SKU-001")
                                .onComplete(status -> request.response().end("gateway"));
                    } else {
                        request.response().end("inventory");
                    }
                })
                .listen(0, "127.0.0.1")
                .await();
        Vertx driver = Vertx.vertx();
        // kept reachable until the call is answered: Vert.x closes the pool of a client it finds unreachable
        HttpClient driverClient = driver.createHttpClient();
        TracedStack.call(driverClient, "http://127.0.0.1:" + server[0].actualPort() + "/api/products/SKU-001")
                .await();
        driverClient.close().await();
        driver.close().await();
        client.close().await();
        vertx.close().await();
        return captured;
    }

    /** Passes every call on to {@code delegate}, keeping its arguments. */
    private record Capturing(VertxTracer<Object, Object> delegate, Captured captured)
            implements VertxTracer<Object, Object> {

        @Override
        @SuppressWarnings("unchecked")
        public <R> Object receiveRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                Iterable<Map.Entry<String, String>> headers,
                TagExtractor<R> tagExtractor) {
            synchronized (captured) {
                captured.received.add(new Call(context, request, headers, (TagExtractor<Object>) tagExtractor));
            }
            return delegate.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> void sendResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            synchronized (captured) {
                captured.responded.add(new Call(context, response, null, (TagExtractor<Object>) tagExtractor));
            }
            delegate.sendResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> Object sendRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                BiConsumer<String, String> headers,
                TagExtractor<R> tagExtractor) {
            synchronized (captured) {
                captured.sent.add(new Call(context, request, null, (TagExtractor<Object>) tagExtractor));
            }
            return delegate.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> void receiveResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            synchronized (captured) {
                captured.answered.add(new Call(context, response, null, (TagExtractor<Object>) tagExtractor));
            }
            delegate.receiveResponse(context, response, payload, failure, tagExtractor);
        }
    }
}
