package dev.chaoslab.chaos;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every injection visible three ways: {@code chaos_injections_total{fault,route}}, an event on the
 * current (server) span, and a log line on logger {@code chaos} carrying the fault's labels (e.g. run_id).
 */
final class InjectionRecorder {

    static final String SPAN_EVENT = "chaos.injected";
    private static final Logger LOG = LoggerFactory.getLogger("chaos");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    InjectionRecorder(MeterRegistry registry) {
        this.registry = registry;
    }

    void injected(Fault fault, String route, Map<String, Object> details) {
        counters.computeIfAbsent(
                        fault.type() + " " + route,
                        k -> Counter.builder("chaos.injections")
                                .description("Faults injected by the chaos engine")
                                .tag("fault", fault.type())
                                .tag("route", route)
                                .register(registry))
                .increment();

        AttributesBuilder attributes = Attributes.builder()
                .put("chaos.fault.type", fault.type())
                .put("chaos.fault.id", fault.id())
                .put("chaos.route", route);
        fault.labels().forEach((k, v) -> attributes.put("chaos.label." + k, v));
        details.forEach((k, v) -> attributes.put("chaos." + k, String.valueOf(v)));
        Span.current().addEvent(SPAN_EVENT, attributes.build());

        // the first four fill the message; the structured ones become JSON fields of the line
        List<Object> args = new ArrayList<>(List.of(
                fault.id(),
                fault.type(),
                route,
                details.isEmpty() ? "" : " " + details,
                kv("fault", fault.type()),
                kv("fault_id", fault.id()),
                kv("route", route)));
        fault.labels().forEach((k, v) -> args.add(kv(k, v)));
        details.forEach((k, v) -> args.add(kv(k, v)));
        LOG.info("chaos fault {} ({}) injected on {}{}", args.toArray());
    }
}
