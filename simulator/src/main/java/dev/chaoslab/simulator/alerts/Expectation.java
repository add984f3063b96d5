package dev.chaoslab.simulator.alerts;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One alert expectation of a scenario, as the alert check works with it: the alert name, label matchers
 * (equality), what must happen and relative to what.
 *
 * <ul>
 *   <li>{@code FIRES}: fires within {@code within} of {@code reference} starting;</li>
 *   <li>{@code RESOLVES}: fired, and is resolved within {@code within} of {@code reference} ending;</li>
 *   <li>{@code SILENT}: never fires during {@code reference} ({@code within} is null).</li>
 * </ul>
 * {@code reference} names a window of the run: {@code chaos[0]} (a chaos step by index), a phase name, or
 * {@code run} (the whole run).
 */
public record Expectation(String alert, Map<String, String> labels, Kind kind, Duration within, String reference) {

  public enum Kind {
    FIRES, RESOLVES, SILENT;

    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final String WHOLE_RUN = "run";

  public Expectation {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(kind, "kind");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    reference = reference == null ? WHOLE_RUN : reference;
    if (kind != Kind.SILENT && (within == null || within.isNegative())) {
      throw new IllegalArgumentException(kind.jsonName() + " of " + alert + " needs a non-negative 'within' duration");
    }
  }
}
