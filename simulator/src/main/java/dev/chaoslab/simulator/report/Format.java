package dev.chaoslab.simulator.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/** Number and duration formatting shared by the HTML report and the command line's tables. */
public final class Format {

  private Format() {
  }

  /** A number with at most {@code decimals} decimals and no trailing zeros; "-" for null. */
  public static String num(Number value, int decimals) {
    if (value == null) {
      return "-";
    }
    double d = value.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "-";
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", d);
    if (s.indexOf('.') >= 0) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /** A duration given in milliseconds as "1m 05s", "12.5s" or "350 ms"; "-" for null. */
  public static String duration(Number ms) {
    if (ms == null) {
      return "-";
    }
    double v = ms.doubleValue();
    if (v < 1000) {
      return num(v, 1) + " ms";
    }
    if (v < 60_000) {
      return num(v / 1000, 1) + " s";
    }
    long s = Math.round(v / 1000);
    return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
  }

  /** An offset in milliseconds as "m:ss" for chart axes. */
  public static String clock(double ms) {
    long s = Math.round(ms / 1000);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** The total of an errors-by-class object ({@code {"http_5xx": 3, "timeout": 1}}); 0 for null. */
  public static long errorSum(JsonObject errors) {
    long sum = 0;
    if (errors != null) {
      for (String key : errors.fieldNames()) {
        Number n = errors.getNumber(key);
        sum += n == null ? 0 : n.longValue();
      }
    }
    return sum;
  }

  /** " ms" for latencies; nothing for ratios and counts (the number speaks for itself). */
  public static String unitSuffix(String unit) {
    return unit == null || unit.isEmpty() || unit.equals("ratio") ? "" : " " + unit;
  }

  /** A threshold's subject: {@code latency_p99 checkout (phase steady, service time)}. */
  public static String thresholdName(JsonObject threshold) {
    StringBuilder name = new StringBuilder(String.valueOf(threshold.getString("metric")));
    if (threshold.getString("request") != null) {
      name.append(' ').append(threshold.getString("request"));
    }
    String phase = threshold.getString("phase");
    boolean serviceTime = "service".equals(threshold.getString("measure"));
    if (phase != null || serviceTime) {
      name.append(" (").append(phase != null ? "phase " + phase : "")
          .append(phase != null && serviceTime ? ", " : "").append(serviceTime ? "service time" : "").append(')');
    }
    return name.toString();
  }

  /**
   * How long a run actually ran, in ms: its planned duration when it completed, the elapsed time when it was
   * stopped or failed early.
   */
  public static Number ranMs(JsonObject report) {
    Number duration = report.getNumber("durationMs");
    Number elapsed = report.getNumber("elapsedMs");
    if (elapsed != null && (duration == null || !"completed".equals(report.getString("state")))) {
      return duration == null ? elapsed : Math.min(elapsed.doubleValue(), duration.doubleValue());
    }
    return duration;
  }

  /** A string field, or {@code def} when it is missing or null (reports write absent values as null). */
  public static String text(JsonObject o, String key, String def) {
    Object value = o.getValue(key);
    return value == null ? def : value.toString();
  }

  /** An object field, or an empty object when it is missing or null. */
  public static JsonObject object(JsonObject o, String key) {
    return o != null && o.getValue(key) instanceof JsonObject value ? value : new JsonObject();
  }

  /** An array field, or an empty array when it is missing or null. */
  public static JsonArray array(JsonObject o, String key) {
    return o != null && o.getValue(key) instanceof JsonArray value ? value : new JsonArray();
  }

  /** A count field, or 0 when it is missing or null. */
  public static long count(JsonObject o, String key) {
    return o != null && o.getValue(key) instanceof Number value ? value.longValue() : 0L;
  }
}
