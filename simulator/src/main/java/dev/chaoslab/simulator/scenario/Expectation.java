package dev.chaoslab.simulator.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * An alert expectation, checked against Prometheus.
 * <ul>
 *   <li>{@code FIRES}: the alert (with labels matching {@code labels}) is firing within {@code within}
 *       of the anchor's start;</li>
 *   <li>{@code RESOLVES}: it stops firing within {@code within} of the anchor's end;</li>
 *   <li>{@code SILENT}: it is never in state firing during the anchor's window (pending is allowed).</li>
 * </ul>
 *
 * @param index  position in the scenario's {@code expect} list
 * @param alert  the alert name (see docs/contracts.md)
 * @param labels label name → exact value the alert must carry (empty: any)
 * @param within for FIRES and RESOLVES; null for SILENT
 * @param anchor the chaos step, phase or run the window refers to
 */
public record Expectation(int index, String alert, Map<String, String> labels, Kind kind, Duration within, Anchor anchor) {

  public Expectation {
    labels = Map.copyOf(labels);
  }

  public enum Kind {
    FIRES, RESOLVES, SILENT;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
