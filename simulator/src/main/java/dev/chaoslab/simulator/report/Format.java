package dev.chaoslab.simulator.report;

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
}
