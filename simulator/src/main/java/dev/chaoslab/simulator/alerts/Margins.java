package dev.chaoslab.simulator.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tuning help: for an alert rule, each threshold condition's value over the run next to its threshold,
 * the peak during the quiet part of the run and during the incident, and a plain sentence when the margin is
 * thin or the threshold was never crossed. Pure: the caller fetches the series (see {@link PrometheusAlertCheck}).
 *
 * <p>When several series match (e.g. one per service and the expectation names no service), the worst one
 * counts at each instant: the highest for a {@code >} rule, the lowest for a {@code <} rule.
 */
public final class Margins {

  /** At most this many [t, value] points per condition go into the report. */
  public static final int MAX_POINTS = 300;
  /** A baseline above this fraction of a {@code >} threshold is a thin margin. */
  static final double THIN_BASELINE = 0.8;
  /** An incident peak below this multiple of a {@code >} threshold is a thin margin. */
  static final double THIN_INCIDENT = 1.25;

  /**
   * The data of one condition. {@code threshold} is the constant threshold, or null when the threshold is a
   * series ({@code thresholdSeries}); then values are compared as the ratio value / threshold against 1.
   */
  public record ConditionData(RuleConditions.Condition condition, List<Series> values, Double threshold,
                              List<Series> thresholdSeries) {
  }

  private Margins() {
  }

  /**
   * @param quiet    the quiet part of the run (before the first fault), or the window a silent expectation covers
   * @param incident the incident window (null for a silent expectation)
   * @param stepMs   the range query's step, to turn sample counts into durations
   */
  public static JsonObject of(AlertRule rule, List<ConditionData> data, Map<String, String> matchers, Window quiet,
                              Window incident, long runStartMs, long stepMs) {
    List<JsonObject> conditions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean attention = false;
    for (ConditionData d : data) {
      JsonObject c = condition(rule, d, matchers, quiet, incident, runStartMs, stepMs, data.size() > 1);
      notes.add(c.getString("note"));
      attention |= c.getBoolean("attention", false);
      conditions.add(c);
    }
    if (conditions.isEmpty()) {
      return new JsonObject()
        .put("rule", rule.name())
        .put("expr", rule.expr())
        .put("note", "The rule `" + rule.expr() + "` has no threshold comparison to show a margin for.");
    }
    JsonObject margin = conditions.get(0).copy()
      .put("rule", rule.name())
      .put("forMs", rule.forDuration().toMillis())
      .put("note", String.join(" ", notes))
      .put("attention", attention);
    if (conditions.size() > 1) {
      margin.put("conditions", new JsonArray(new ArrayList<>(conditions)));
    }
    return margin;
  }

  private static JsonObject condition(AlertRule rule, ConditionData d, Map<String, String> matchers, Window quiet,
                                      Window incident, long runStartMs, long stepMs, boolean several) {
    RuleConditions.Condition c = d.condition();
    boolean relative = d.threshold() == null;
    double threshold = relative ? 1.0 : d.threshold();
    TreeMap<Long, Double> worst = worstPerInstant(c, d, matchers, runStartMs);
    JsonObject json = new JsonObject()
      .put("expr", c.left())
      .put("op", c.op())
      .put("threshold", relative ? null : threshold)
      .put("thresholdExpr", c.right());
    if (relative) {
      json.put("relativeToThreshold", true);
    }
    String subject = (several ? "`" + c.left() + "`" : c.left().length() <= 70 ? "`" + c.left() + "`" : "the rule's value")
      + (relative ? " relative to its threshold" : "");
    if (worst.isEmpty()) {
      String note = subject + " returned no data" + (matchers.isEmpty() ? "" : " for " + new TreeMap<>(matchers))
        + " during the run: the rule cannot fire on it (check metric names and labels).";
      return json.put("note", note).put("attention", true).put("series", new JsonArray());
    }
    Peak q = Peak.over(worst, quiet);
    Peak i = Peak.over(worst, incident);
    json.put("baselineMax", finite(q.max)).put("incidentMax", finite(i.max));
    if (c.firesBelow()) {
      json.put("baselineMin", finite(q.min)).put("incidentMin", finite(i.min));
    }
    Window crossingWindow = incident != null ? incident : quiet;
    long longest = longestCrossing(worst, c, threshold, crossingWindow, stepMs);
    json.put("longestCrossingMs", longest);
    json.put("series", downsample(worst, c));
    Note note = sentence(subject, c, threshold, q, i, quiet, incident, longest, rule.forDuration());
    json.put("note", note.text()).put("attention", note.attention());
    return json;
  }

  private static TreeMap<Long, Double> worstPerInstant(RuleConditions.Condition c, ConditionData d,
                                                       Map<String, String> matchers, long runStartMs) {
    TreeMap<Long, Double> worst = new TreeMap<>();
    List<Series> thresholdSeries = d.thresholdSeries() == null ? List.of() : d.thresholdSeries();
    for (Series s : d.values()) {
      if (!s.agreesWith(matchers)) {
        continue;
      }
      Map<Long, Double> divisor = d.threshold() == null ? thresholdFor(s, thresholdSeries) : null;
      for (Sample sample : s.samples()) {
        double v = sample.value();
        if (divisor != null) {
          Double t = divisor.get(sample.timeMs());
          v = t == null || t == 0 ? Double.NaN : v / t;
        }
        if (Double.isNaN(v)) {
          continue;
        }
        long t = sample.timeMs() - runStartMs;
        double value = v;
        worst.merge(t, value, (a, b) -> c.firesBelow() ? Math.min(a, b) : Math.max(a, b));
      }
    }
    return worst;
  }

  /** The threshold series compared with {@code s}: the one with the same labels, else the only one. */
  private static Map<Long, Double> thresholdFor(Series s, List<Series> thresholds) {
    Series match = thresholds.stream().filter(t -> t.labels().equals(s.labels())).findFirst()
      .orElse(thresholds.size() == 1 ? thresholds.get(0) : null);
    Map<Long, Double> byTime = new TreeMap<>();
    if (match != null) {
      match.samples().forEach(x -> byTime.put(x.timeMs(), x.value()));
    }
    return byTime;
  }

  private record Peak(Double max, Double min) {
    static Peak over(TreeMap<Long, Double> worst, Window w) {
      if (w == null) {
        return new Peak(null, null);
      }
      Double max = null;
      Double min = null;
      for (Map.Entry<Long, Double> e : worst.subMap(w.startMs(), true, w.endMs(), false).entrySet()) {
        max = max == null ? e.getValue() : Math.max(max, e.getValue());
        min = min == null ? e.getValue() : Math.min(min, e.getValue());
      }
      return new Peak(max, min);
    }
  }

  private static long longestCrossing(TreeMap<Long, Double> worst, RuleConditions.Condition c, double threshold,
                                      Window w, long stepMs) {
    if (w == null) {
      return 0;
    }
    // samples come every step, unless the expression had no value; a gap wider than that breaks a crossing
    long spacing = Math.max(stepMs, minimumGap(worst));
    long longest = 0;
    Long runStart = null;
    Long previous = null;
    for (Map.Entry<Long, Double> e : worst.subMap(w.startMs(), true, w.endMs(), false).entrySet()) {
      boolean holds = c.holds(e.getValue(), threshold);
      boolean contiguous = previous != null && e.getKey() - previous <= spacing * 3 / 2;
      if (holds) {
        if (runStart == null || !contiguous) {
          runStart = e.getKey();
        }
        longest = Math.max(longest, e.getKey() - runStart + spacing);
      } else {
        runStart = null;
      }
      previous = e.getKey();
    }
    return longest;
  }

  private static long minimumGap(TreeMap<Long, Double> worst) {
    long min = Long.MAX_VALUE;
    Long previous = null;
    for (Long t : worst.keySet()) {
      if (previous != null) {
        min = Math.min(min, t - previous);
      }
      previous = t;
    }
    return min == Long.MAX_VALUE ? 0 : min;
  }

  /** A margin sentence, and whether it needs attention (thin margin, never crossed, no data). */
  private record Note(String text, boolean attention) {
  }

  private static Note sentence(String subject, RuleConditions.Condition c, double threshold, Peak quiet, Peak incident,
                                 Window quietWindow, Window incidentWindow, long longestCrossingMs, Duration forDuration) {
    String t = fmt(threshold);
    boolean above = !c.firesBelow();
    StringBuilder s = new StringBuilder();
    boolean attention = false;
    String quietName = quietWindow == null ? null : quietWindow.name();
    String subjectStart = capitalised(subject);
    String quietStart = quietName == null ? null : capitalised(quietName);
    if (incidentWindow != null) {
      Double peak = above ? incident.max : incident.min;
      if (peak == null) {
        s.append(subjectStart).append(" has no data during ").append(incidentWindow.name()).append('.');
        attention = true;
      } else if (longestCrossingMs == 0) {
        attention = true;
        s.append(subjectStart).append(above ? " peaked at " : " fell only to ").append(fmt(peak)).append(" during ")
          .append(incidentWindow.name()).append("; threshold ").append(t).append(" was never crossed");
        if (above && peak > 0 && threshold > 0) {
          s.append(" (it needed ").append(fmt(threshold / peak)).append("× more)");
        }
        s.append('.');
      } else if (forDuration != null && longestCrossingMs < forDuration.toMillis()) {
        attention = true;
        s.append(subjectStart).append(" crossed ").append(t).append(" (").append(above ? "peak " : "low ").append(fmt(peak))
          .append(") for at most ").append(VerdictRules.human(longestCrossingMs)).append(" at a time, shorter than the rule's for: ")
          .append(VerdictRules.human(forDuration.toMillis())).append('.');
      } else if (above && threshold > 0 && peak < THIN_INCIDENT * threshold) {
        attention = true;
        s.append(subjectStart).append(" peaked at ").append(fmt(peak)).append(" during ").append(incidentWindow.name())
          .append(", only ").append(fmt(peak / threshold)).append("× the threshold ").append(t)
          .append(": thin margin, a slightly milder incident would not fire.");
      } else {
        s.append(subjectStart).append(above ? " peaked at " : " fell to ").append(fmt(peak)).append(" during ")
          .append(incidentWindow.name()).append(" (threshold ").append(t);
        if (above && threshold > 0) {
          s.append(", ").append(fmt(peak / threshold)).append("×");
        }
        s.append(").");
      }
    }
    if (quietWindow != null) {
      Double peak = above ? quiet.max : quiet.min;
      if (peak != null) {
        if (s.length() > 0) {
          s.append(' ');
        }
        boolean crossed = c.holds(peak, threshold);
        if (crossed) {
          attention = true;
          s.append(subjectStart).append(" crossed the threshold ").append(t).append(" during ").append(quietName)
            .append(above ? " (peak " : " (low ").append(fmt(peak)).append(").");
        } else if (above && threshold > 0 && peak >= THIN_BASELINE * threshold) {
          attention = true;
          s.append(quietStart).append(" reached ").append(fmt(peak)).append(", ").append(pct(peak / threshold))
            .append(" of the threshold ").append(t).append(": thin margin, noise may fire this alert.");
        } else if (above && threshold > 0) {
          s.append(quietStart).append(" peaked at ").append(fmt(peak)).append(" (").append(pct(peak / threshold))
            .append(" of ").append(t).append(").");
        } else {
          s.append(quietStart).append(above ? " peaked at " : " stayed at or above ").append(fmt(peak))
            .append(" (threshold ").append(t).append(").");
        }
      }
    }
    return new Note(s.toString(), attention);
  }

  private static String capitalised(String s) {
    return s.isEmpty() || s.startsWith("`") ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static JsonArray downsample(TreeMap<Long, Double> worst, RuleConditions.Condition c) {
    JsonArray out = new JsonArray();
    List<Map.Entry<Long, Double>> entries = new ArrayList<>(worst.entrySet());
    int bucket = Math.max(1, (entries.size() + MAX_POINTS - 1) / MAX_POINTS);
    for (int i = 0; i < entries.size(); i += bucket) {
      Map.Entry<Long, Double> pick = entries.get(i);
      for (int j = i + 1; j < Math.min(entries.size(), i + bucket); j++) {
        Map.Entry<Long, Double> e = entries.get(j);
        // keep the bucket's worst value so a short spike survives downsampling
        if (c.firesBelow() ? e.getValue() < pick.getValue() : e.getValue() > pick.getValue()) {
          pick = e;
        }
      }
      out.add(new JsonArray().add(pick.getKey()).add(finite(pick.getValue())));
    }
    return out;
  }

  private static Object finite(Double v) {
    // JSON has no Infinity; report it as a string as Prometheus itself does
    if (v == null) {
      return null;
    }
    return Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : v;
  }

  static String fmt(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return String.valueOf((long) v);
    }
    String s = String.format(Locale.ROOT, "%.3g", v);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static String pct(double ratio) {
    return Math.round(ratio * 100) + " %";
  }
}
