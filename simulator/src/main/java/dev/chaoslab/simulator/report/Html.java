package dev.chaoslab.simulator.report;

import java.util.Locale;

/** Escaping and number formatting for the HTML report. Every value that reaches the page goes through here. */
final class Html {

  private Html() {
  }

  /** Escapes text for use in element content and in double- or single-quoted attribute values. */
  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A number with at most {@code decimals} decimals and no trailing zeros; "–" for null. */
  static String num(Number value, int decimals) {
    if (value == null) {
      return "–";
    }
    double d = value.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "–";
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", d);
    if (s.indexOf('.') >= 0) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /** A duration given in milliseconds as "1m 05s", "12.5s" or "350 ms"; "–" for null. */
  static String duration(Number ms) {
    if (ms == null) {
      return "–";
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
  static String clock(double ms) {
    long s = Math.round(ms / 1000);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
