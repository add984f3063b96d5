package dev.chaoslab.telemetry;

import static dev.chaoslab.telemetry.FakeExchange.OK;
import static dev.chaoslab.telemetry.FakeExchange.REMOTE;
import static dev.chaoslab.telemetry.FakeExchange.REQUEST;

import com.sun.management.ThreadMXBean;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * A benchmark, not a test: what the meters cost on an event loop per request, as Vert.x drives them for the
 * targets' gateway, for a base build of this module and the working tree in interleaved rounds of one JVM. Each part
 * is a hot loop over Vert.x's metrics SPI, on a {@link ServiceMeterRegistry} set up as {@link ServiceTelemetry} sets
 * it up (latency buckets, exemplars from {@link ExemplarSpanContext}, {@link CoarseWallClock}): "server" is one
 * routed request of a server with a (non-recording, sampled) span captured (begin, routed, request end, response
 * begin, response end), "client" one request of an HTTP client (begin, request end, response begin, response end),
 * "pool" one request's pass through the HTTP client's connection pool (enqueue, dequeue, begin, end), "bytes" one
 * read and one write of a server connection. Thread CPU time and bytes allocated of the measuring thread only, so
 * another process's load does not count; the load average is printed beside every round. At the end, the CPU time of
 * each build's {@link CoarseWallClock} thread over the run (both tick throughout, side by side).
 *
 * <pre>{@code
 * java -cp telemetry/target/test-classes:telemetry/target/classes:$(cat /tmp/cp.txt) \
 *     dev.chaoslab.telemetry.MetersEventLoopCost /path/to/base/telemetry/target/classes
 * }</pre>
 */
public final class MetersEventLoopCost {

    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 2_000_000;
    private static final int ROUNDS = Integer.getInteger("rounds", 4);
    private static final Span SPAN = Span.wrap(SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()));

    private MetersEventLoopCost() {}

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Map<String, IntConsumer>> builds = new LinkedHashMap<>();
        Map<String, Long> clockThreads = new LinkedHashMap<>();
        Set<Long> before = threadIds();
        builds.put("base", baseline(Path.of(args[0])));
        clockThreads.put("base", newClockThread(before));
        before = threadIds();
        builds.put("new", parts());
        clockThreads.put("new", newClockThread(before));
        long start = System.nanoTime();
        System.out.printf(
                "per request: thread CPU ns and bytes allocated, %d requests per round after %d of warm-up%n",
                MEASURED, WARM_UP);
        for (int round = 1; round <= ROUNDS; round++) {
            for (Map.Entry<String, Map<String, IntConsumer>> build : builds.entrySet()) {
                StringBuilder line = new StringBuilder(String.format("round %d %-4s", round, build.getKey()));
                for (Map.Entry<String, IntConsumer> part : build.getValue().entrySet()) {
                    part.getValue().accept(WARM_UP);
                    long cpu = threads.getCurrentThreadCpuTime();
                    long bytes = threads.getCurrentThreadAllocatedBytes();
                    part.getValue().accept(MEASURED);
                    cpu = threads.getCurrentThreadCpuTime() - cpu;
                    bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
                    line.append(String.format(
                            "  %s %6.1f ns %5.1f B",
                            part.getKey(), (double) cpu / MEASURED, (double) bytes / MEASURED));
                }
                System.out.printf(
                        "%s  (load %s)%n",
                        line, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Map.Entry<String, Long> clock : clockThreads.entrySet()) {
            long cpu = threads.getThreadCpuTime(clock.getValue());
            System.out.printf(
                    "%-4s %s thread: %.0f us CPU per second over %.0f s (%d ms in all)%n",
                    clock.getKey(), CoarseWallClock.THREAD_NAME, cpu / 1e3 / seconds, seconds, cpu / 1_000_000);
        }
    }

    private static Set<Long> threadIds() {
        Set<Long> ids = new HashSet<>();
        for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    /** The id of the clock-ticking thread started since {@code before} was taken (each build starts its own). */
    private static long newClockThread(Set<Long> before) {
        for (ThreadInfo info : ManagementFactory.getThreadMXBean()
                .getThreadInfo(ManagementFactory.getThreadMXBean().getAllThreadIds())) {
            if (info != null
                    && info.getThreadName().equals(CoarseWallClock.THREAD_NAME)
                    && !before.contains(info.getThreadId())) {
                return info.getThreadId();
            }
        }
        throw new IllegalStateException("no new " + CoarseWallClock.THREAD_NAME + " thread");
    }

    /** {@link #parts()} of another build of this module ({@code classes}: its {@code target/classes}). */
    @SuppressWarnings("unchecked")
    private static Map<String, IntConsumer> baseline(Path classes) throws ReflectiveOperationException {
        return (Map<String, IntConsumer>) inBuild(classes, MetersEventLoopCost.class, "parts");
    }

    /**
     * What the static no-argument {@code method} of {@code owner} returns in another build of this module
     * ({@code classes}: its {@code target/classes}): this module's classes are loaded first from there and from
     * {@code owner}'s own location (the test classes).
     */
    static Object inBuild(Path classes, Class<?> owner, String method) throws ReflectiveOperationException {
        ClassLoader parent = owner.getClassLoader();
        URL self = owner.getProtectionDomain().getCodeSource().getLocation();
        String ownPackage = owner.getPackageName() + ".";
        try {
            URLClassLoader loader =
                    new URLClassLoader(new URL[] {classes.toUri().toURL(), self}, parent) {
                        @Override
                        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                            if (!name.startsWith(ownPackage)) {
                                return super.loadClass(name, resolve);
                            }
                            synchronized (getClassLoadingLock(name)) {
                                Class<?> loaded = findLoadedClass(name);
                                return loaded != null ? loaded : findClass(name);
                            }
                        }
                    };
            Method invoked = loader.loadClass(owner.getName()).getDeclaredMethod(method);
            invoked.setAccessible(true);
            return invoked.invoke(null);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(classes.toString(), e);
        }
    }

    /** The measured parts of this class loader's build, each running a given number of requests. */
    @SuppressWarnings("unchecked")
    private static Map<String, IntConsumer> parts() {
        ServiceMeterRegistry registry =
                new ServiceMeterRegistry(new PrometheusRegistry(), new ExemplarSpanContext(), CoarseWallClock.shared());
        registry.config().commonTags("service", "gateway").meterFilter(ServiceTelemetry.latencyBuckets());
        Map<String, HttpClientMeters> clients = new ConcurrentHashMap<>();
        VertxMetricsFactory factory = ServerSpanCapture.wrap(
                new MicrometerMetricsFactory(registry),
                new HttpServerMeters(registry),
                n -> clients.computeIfAbsent(n, c -> new HttpClientMeters(registry, c)));
        VertxMetrics metrics = FakeExchange.vertxMetrics(factory);
        HttpServerMetrics<Object, Object, Object> server = (HttpServerMetrics<Object, Object, Object>)
                metrics.createHttpServerMetrics(new HttpServerOptions(), REMOTE);
        HttpClientMetrics<Object, Object, Object> clientMetrics = (HttpClientMetrics<Object, Object, Object>)
                metrics.createHttpClientMetrics(new HttpClientOptions().setMetricsName("inventory"));
        ClientMetrics<Object, HttpRequest, HttpResponse> client = clientMetrics.createEndpointMetrics(REMOTE, 10);
        PoolMetrics<Object, Object> pool =
                (PoolMetrics<Object, Object>) metrics.createPoolMetrics("http", "inventory", 16);
        Object socket = server.connected(REMOTE, "127.0.0.1");
        Map<String, IntConsumer> parts = new LinkedHashMap<>();
        parts.put("server", requests -> {
            for (int i = 0; i < requests; i++) {
                Object request = server.requestBegin(socket, REQUEST);
                ((ServerSpanCapture.TracedRequest) request).span = SPAN;
                server.requestRouted(request, "/api/products/:sku");
                server.requestEnd(request, REQUEST, 0);
                server.responseBegin(request, OK);
                server.responseEnd(request, OK, 120);
            }
        });
        parts.put("client", requests -> {
            for (int i = 0; i < requests; i++) {
                Object request = client.requestBegin("/stock/SKU-001", REQUEST);
                client.requestEnd(request, 0);
                client.responseBegin(request, OK);
                client.responseEnd(request, 80);
            }
        });
        parts.put("pool", requests -> {
            for (int i = 0; i < requests; i++) {
                Object queued = pool.enqueue();
                pool.dequeue(queued);
                Object used = pool.begin();
                pool.end(used);
            }
        });
        parts.put("bytes", requests -> {
            for (int i = 0; i < requests; i++) {
                server.bytesRead(socket, REMOTE, 180);
                server.bytesWritten(socket, REMOTE, 240);
            }
        });
        return parts;
    }
}
