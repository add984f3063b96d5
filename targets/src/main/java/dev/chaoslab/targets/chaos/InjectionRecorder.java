package dev.chaoslab.targets.chaos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    counters.computeIfAbsent(fault.type() + " " + route, k -> Counter.builder("chaos.injections")
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

    LoggingEventBuilder log = LOG.atInfo()
      .addKeyValue("fault", fault.type())
      .addKeyValue("fault_id", fault.id())
      .addKeyValue("route", route);
    fault.labels().forEach(log::addKeyValue);
    details.forEach(log::addKeyValue);
    log.log("chaos fault {} ({}) injected on {}{}", fault.id(), fault.type(), route, details.isEmpty() ? "" : " " + details);
  }
}
