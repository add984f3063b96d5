package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.report.Format;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The live progress line of {@code run}: phase, rate scheduled/achieved, p99 and error share over the status's
 * recent window (so a fault or a turn of the dial shows within seconds, not diluted by the run so far), errors and
 * drops since the start, and active faults, from the run status JSON. On a terminal it is redrawn in place;
 * otherwise (CI logs, pipes) one line is printed every {@link #PLAIN_INTERVAL_MS} so logs stay readable.
 */
final class ProgressLine {

  static final long PLAIN_INTERVAL_MS = 5000;

  private final PrintWriter out;
  private final boolean tty;
  private long lastPlainAt = Long.MIN_VALUE;
  private boolean drawn;

  ProgressLine(PrintWriter out, boolean tty) {
    this.out = out;
    this.tty = tty;
  }

  /** Shows the status; {@code nowMs} is a monotonic clock reading used to pace the plain output. */
  void update(JsonObject status, long nowMs) {
    String line = format(status);
    if (tty) {
      out.print("\r" + line + "\u001b[K");
      out.flush();
      drawn = true;
    } else if (lastPlainAt == Long.MIN_VALUE || nowMs - lastPlainAt >= PLAIN_INTERVAL_MS) {
      out.println(line);
      lastPlainAt = nowMs;
    }
  }

  /** Ends the redrawn line so that what follows starts on a fresh line. */
  void finish() {
    if (tty && drawn) {
      out.println();
      drawn = false;
    }
  }

  static String format(JsonObject status) {
    JsonObject rate = Format.object(status, "rate");
    JsonObject totals = Format.object(status, "totals");
    JsonObject recent = Format.object(status, "recent");
    StringBuilder line = new StringBuilder();
    line.append('[').append(Format.clock(number(status, "elapsedMs")));
    if (status.getNumber("durationMs") != null) {
      line.append('/').append(Format.clock(number(status, "durationMs")));
    }
    line.append("] ").append(status.getString("phase") == null ? "-" : status.getString("phase"))
        .append("  rate ").append(Format.num(rate.getNumber("scheduled"), 1)).append('/')
        .append(Format.num(rate.getNumber("achieved"), 1)).append(" req/s");
    Number multiplier = rate.getNumber("multiplier");
    if (rate.getNumber("absolute") != null) {
      line.append(" (fixed)");
    } else if (multiplier != null && multiplier.doubleValue() != 1.0) {
      line.append(" (x").append(Format.num(multiplier, 2)).append(')');
    }
    long recentCompleted = Format.count(recent, "completed");
    Number recentP99 = Format.object(recent, "corrected").getNumber("p99");
    line.append("  last ").append(Format.count(recent, "seconds")).append("s: p99 ")
        .append(recentP99 == null ? "-" : Format.num(recentP99, 1) + " ms").append(", errors ")
        .append(recentCompleted == 0 ? "-"
            : Format.num(100.0 * Format.errorSum(recent.getJsonObject("errors")) / recentCompleted, 1) + "%")
        .append("  total: errors ").append(Format.errorSum(totals.getJsonObject("errors")))
        .append(", dropped ").append(Format.count(totals, "dropped"))
        .append("  faults ").append(activeFaults(Format.array(status, "faults")));
    return line.toString();
  }

  private static String activeFaults(JsonArray faults) {
    List<String> active = new ArrayList<>();
    for (Object o : faults) {
      JsonObject fault = (JsonObject) o;
      if ("active".equals(fault.getString("state"))) {
        active.add(fault.getString("type") + "@" + fault.getString("target"));
      }
    }
    return active.isEmpty() ? "none" : String.join(",", active);
  }

  private static double number(JsonObject o, String field) {
    Number n = o.getNumber(field);
    return n == null ? 0 : n.doubleValue();
  }
}
