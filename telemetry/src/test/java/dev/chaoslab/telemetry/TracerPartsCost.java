package dev.chaoslab.telemetry;

import com.sun.management.ThreadMXBean;
import dev.chaoslab.telemetry.VertxHttpTags.Kind;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.spi.tracing.TagExtractor;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * A benchmark, not a test: the CPU time and bytes per call of the parts of {@link HttpTracer}'s per-request work that
 * this module changed, the former way ("base", rebuilt here as it was) and the current one interleaved round by round
 * in one JVM, on the calling thread (thread CPU time, {@code getCurrentThreadAllocatedBytes}): the W3C trace-context
 * and baggage extraction of a request without {@code baggage} (a gateway request's headers, and the inventory's with a
 * {@code traceparent}) through {@link HeadersGetter} as on main {@code 4f54844} (a class's package read per look-up,
 * {@link TextMapGetter}'s default {@code getAll}) against the current one; {@link VertxHttpTags#kind} for Vert.x's four HTTP extractors in a gateway request's order (6 calls) against a
 * {@link ConcurrentHashMap} look-up per call.
 *
 * <pre>{@code
 * mvn -B -q -pl telemetry -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp telemetry/target/test-classes:telemetry/target/classes:$(cat /tmp/cp.txt) dev.chaoslab.telemetry.TracerPartsCost
 * }</pre>
 */
public final class TracerPartsCost {

    private static final int WARM_UP = 2_000_000;
    private static final int MEASURED = 2_000_000;
    private static final int ROUNDS = 6;

    private TracerPartsCost() {}

    /**
     * {@link HeadersGetter} as it was on main {@code 4f54844}: a Vert.x map recognised by its class's package per call,
     * {@link TextMapGetter}'s default {@code getAll}.
     */
    private enum FormerGetter implements TextMapGetter<Iterable<Map.Entry<String, String>>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Iterable<Map.Entry<String, String>> carrier) {
            return HeadersGetter.INSTANCE.keys(carrier);
        }

        @Override
        public String get(Iterable<Map.Entry<String, String>> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            if (carrier instanceof MultiMap
                    && carrier.getClass().getPackageName().startsWith("io.vertx.core")) {
                return ((MultiMap) carrier).get(key);
            }
            for (Map.Entry<String, String> entry : carrier) {
                if (entry.getKey().equalsIgnoreCase(key)) {
                    return entry.getValue();
                }
            }
            return null;
        }
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        TextMapPropagator propagator = TextMapPropagator.composite(
                W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
        MultiMap gateway = HeadersMultiMap.httpHeaders().add("Host", "127.0.0.1:8080");
        MultiMap inventory = HeadersMultiMap.httpHeaders()
                .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .add("host", "127.0.0.1:8081");
        List<TagExtractor<?>> extractors = new ArrayList<>();
        for (String name : List.of(
                "SERVER_REQUEST_TAG_EXTRACTOR",
                "CLIENT_HTTP_REQUEST_TAG_EXTRACTOR",
                "SERVER_REQUEST_TAG_EXTRACTOR",
                "SERVER_RESPONSE_TAG_EXTRACTOR",
                "CLIENT_RESPONSE_TAG_EXTRACTOR",
                "SERVER_RESPONSE_TAG_EXTRACTOR")) {
            Field field = HttpUtils.class.getDeclaredField(name);
            field.setAccessible(true);
            extractors.add((TagExtractor<?>) field.get(null));
        }
        TagExtractor<?>[] order = extractors.toArray(new TagExtractor<?>[0]);
        ConcurrentHashMap<TagExtractor<?>, Kind> map = new ConcurrentHashMap<>();
        for (TagExtractor<?> extractor : order) {
            map.put(extractor, VertxHttpTags.kind(extractor));
        }

        Map<String, IntSupplier> parts = new LinkedHashMap<>();
        parts.put("extract, gateway, base", () -> extract(propagator, gateway, FormerGetter.INSTANCE));
        parts.put("extract, gateway, ours", () -> extract(propagator, gateway, HeadersGetter.INSTANCE));
        parts.put("extract, inventory, base", () -> extract(propagator, inventory, FormerGetter.INSTANCE));
        parts.put("extract, inventory, ours", () -> extract(propagator, inventory, HeadersGetter.INSTANCE));
        parts.put("kind x6, base (map)", () -> {
            int sum = 0;
            for (TagExtractor<?> extractor : order) {
                sum += map.get(extractor).ordinal();
            }
            return sum;
        });
        parts.put("kind x6, ours", () -> {
            int sum = 0;
            for (TagExtractor<?> extractor : order) {
                sum += VertxHttpTags.kind(extractor).ordinal();
            }
            return sum;
        });

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf(
                "CPU time and bytes per call, %d calls per round after %d of warm-up; load %.2f%n",
                MEASURED, WARM_UP, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long sink = 0;
        for (IntSupplier part : parts.values()) {
            sink += loop(part, WARM_UP);
        }
        for (int round = 1; round <= ROUNDS; round++) {
            for (Map.Entry<String, IntSupplier> part : parts.entrySet()) {
                long allocated = threads.getCurrentThreadAllocatedBytes();
                long start = threads.getCurrentThreadCpuTime();
                sink += loop(part.getValue(), MEASURED);
                long cpu = threads.getCurrentThreadCpuTime() - start;
                long bytes = threads.getCurrentThreadAllocatedBytes() - allocated;
                System.out.printf(
                        "round %d %-26s %7.1f ns %4d B per call (load %.2f)%n",
                        round,
                        part.getKey(),
                        (double) cpu / MEASURED,
                        bytes / MEASURED,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
        System.out.println("(sink " + sink + ")");
    }

    private static int extract(
            TextMapPropagator propagator, MultiMap headers, TextMapGetter<Iterable<Map.Entry<String, String>>> getter) {
        return propagator.extract(Context.root(), headers, getter) == Context.root() ? 0 : 1;
    }

    private static long loop(IntSupplier part, int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += part.getAsInt();
        }
        return sum;
    }
}
