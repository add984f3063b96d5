package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.report.Format;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The end-of-run summary printed by {@code run} and {@code demo}: per request kind (and phase) count,
 * errors and corrected/service percentiles; the most frequent kinds of error with their first message; thresholds and alert expectations with their verdicts. Also
 * decides the exit code from the report.
 */
final class Summary {

  /** Kinds of error the summary lists; the report lists them all. */
  static final int ERROR_KINDS_SHOWN = 10;

  private Summary() {
  }

  static String render(JsonObject report) {
    StringBuilder out = new StringBuilder();
    JsonObject scenario = Format.object(report, "scenario");
    JsonObject totals = Format.object(report, "totals");
    out.append("Run ").append(report.getString("runId")).append(" of '").append(scenario.getString("name"))
        .append("' ").append(report.getString("state")).append(" after ")
        .append(Format.duration(Format.ranMs(report))).append('\n');
    if (report.getValue("failure") != null) {
      out.append("  failure: ").append(report.getValue("failure")).append('\n');
    }
    if (report.getJsonObject("abortedBy") != null) {
      out.append("  aborted: ").append(report.getJsonObject("abortedBy").getString("detail")).append('\n');
    }
    out.append("  scheduled ").append(Format.count(totals, "scheduled")).append(", sent ")
        .append(Format.count(totals, "sent")).append(", dropped ").append(Format.count(totals, "dropped"))
        .append(", completed ").append(Format.count(totals, "completed")).append(", errors ")
        .append(errors(totals.getJsonObject("errors"))).append("\n\n");

    String[] header = {"request", "phase", "dropped", "count", "errors", "p50", "p90", "p99", "max", "svc p50",
        "svc p90", "svc p99", "svc max"};
    boolean[] numeric = {false, false, true, true, true, true, true, true, true, true, true, true, true};
    TextTable table = new TextTable(header, numeric);
    for (Object o : Format.array(report, "byRequest")) {
      JsonObject row = (JsonObject) o;
      table.row(withLatency(row.getString("request"), Format.text(row, "phase", "all"),
          Format.num(row.getNumber("dropped"), 0), Format.num(row.getNumber("count"), 0), Long.toString(Format.errorSum(row.getJsonObject("errors"))),
          row.getJsonObject("corrected"), row.getJsonObject("service")));
    }
    JsonObject latency = Format.object(report, "latency");
    table.row(withLatency("ALL", "all", Long.toString(Format.count(totals, "dropped")),
        Long.toString(Format.count(totals, "completed")),
        Long.toString(Format.errorSum(totals.getJsonObject("errors"))), latency.getJsonObject("corrected"),
        latency.getJsonObject("service")));
    out.append("Latency in ms (corrected from the intended send time; svc = service time)\n")
        .append(table.render("  ")).append('\n');
    errorKinds(out, Format.array(report, "errorKinds"));

    JsonArray thresholds = Format.array(report, "thresholds");
    out.append("Thresholds").append(thresholds.isEmpty() ? ": none\n" : "\n");
    for (Object o : thresholds) {
      JsonObject t = (JsonObject) o;
      String suffix = Format.unitSuffix(t.getString("unit"));
      out.append("  ").append(verdict(t.getBoolean("passed"))).append("  ").append(Format.thresholdName(t))
          .append(" < ").append(Format.num(t.getNumber("below"), 4)).append(suffix).append("  (actual ")
          .append(Format.num(t.getNumber("actual"), 4)).append(suffix).append(")")
          .append(Boolean.TRUE.equals(t.getBoolean("aborted")) ? "  aborted the run" : "").append('\n');
    }
    JsonArray expectations = Format.array(report, "expectations");
    out.append("Alert expectations").append(expectations.isEmpty() ? ": none checked\n" : "\n");
    for (Object o : expectations) {
      JsonObject e = (JsonObject) o;
      out.append("  ").append(verdict(e.getBoolean("passed"))).append("  ").append(e.getString("alert"))
          .append(labels(e.getJsonObject("labels"))).append(' ').append(e.getString("kind"))
          .append("  pending ").append(Format.duration(e.getNumber("timeToPendingMs")))
          .append(", firing ").append(Format.duration(e.getNumber("timeToFireMs")))
          .append(", resolved ").append(Format.duration(e.getNumber("timeToResolveMs")));
      if (e.getString("detail") != null) {
        out.append("  ").append(e.getString("detail"));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** 0 when every check held, 1 when a threshold or expectation failed, 3 when the run itself failed. */
  static int exitCode(JsonObject report) {
    if ("failed".equals(report.getString("state"))) {
      return ExitCodes.RUNTIME_FAILURE;
    }
    for (String key : new String[] {"thresholds", "expectations"}) {
      for (Object o : Format.array(report, key)) {
        if (!Boolean.TRUE.equals(((JsonObject) o).getBoolean("passed"))) {
          return ExitCodes.CHECKS_FAILED;
        }
      }
    }
    return ExitCodes.OK;
  }

  /** The most frequent kinds of error with their first message and trace (the report has them all). */
  private static void errorKinds(StringBuilder out, JsonArray kinds) {
    if (kinds.isEmpty()) {
      return;
    }
    TextTable table = new TextTable(new String[] {"count", "request", "error", "first", "last", "trace", "first message"},
        new boolean[] {true, false, false, true, true, false, false});
    for (Object o : kinds.stream().limit(ERROR_KINDS_SHOWN).toList()) {
      JsonObject kind = (JsonObject) o;
      table.row(Format.num(kind.getNumber("count"), 0), kind.getString("request"), kind.getString("error"),
          Format.clock(kind.getLong("firstMs", 0L)), Format.clock(kind.getLong("lastMs", 0L)),
          Format.text(kind, "traceId", "-"), kind.getString("message"));
    }
    out.append("Errors by kind, most frequent first").append(kinds.size() > ERROR_KINDS_SHOWN
        ? " (" + ERROR_KINDS_SHOWN + " of " + kinds.size() + "; the report has them all)" : "").append('\n')
        .append(table.render("  ")).append('\n');
  }

  private static String[] withLatency(String request, String phase, String dropped, String count, String errors,
                                      JsonObject corrected, JsonObject service) {
    JsonObject c = corrected == null ? new JsonObject() : corrected;
    JsonObject s = service == null ? new JsonObject() : service;
    return new String[] {request, phase, dropped, count, errors,
        Format.num(c.getNumber("p50"), 1), Format.num(c.getNumber("p90"), 1), Format.num(c.getNumber("p99"), 1),
        Format.num(c.getNumber("max"), 1),
        Format.num(s.getNumber("p50"), 1), Format.num(s.getNumber("p90"), 1), Format.num(s.getNumber("p99"), 1),
        Format.num(s.getNumber("max"), 1)};
  }

  private static String verdict(Boolean passed) {
    return passed == null ? "N/A " : passed ? "PASS" : "FAIL";
  }

  private static String errors(JsonObject errors) {
    long sum = Format.errorSum(errors);
    if (sum == 0) {
      return "0";
    }
    StringBuilder out = new StringBuilder().append(sum).append(" (");
    boolean first = true;
    for (String key : errors.fieldNames()) {
      Number n = errors.getNumber(key);
      if (n != null && n.longValue() > 0) {
        out.append(first ? "" : ", ").append(key).append(' ').append(n.longValue());
        first = false;
      }
    }
    return out.append(')').toString();
  }

  private static String labels(JsonObject labels) {
    if (labels == null || labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    for (String key : labels.fieldNames()) {
      out.append(out.length() > 1 ? "," : "").append(key).append('=').append(labels.getValue(key));
    }
    return out.append('}').toString();
  }
}
