package dev.chaoslab.simulator.e2e;

import dev.chaoslab.simulator.alerts.AlertRule;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.alerts.RuleConditions;
import dev.chaoslab.simulator.alerts.Series;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Collects every PromQL expression of the Grafana dashboards and of the loaded rules, and checks that each
 * returns data from a Prometheus over a time range. A dashboard panel counts as showing data when at least one
 * of its Prometheus queries returns a sample (a panel with a second, often-empty query, such as "dropped", is
 * fine as long as the panel shows something). Template variables are replaced by what Grafana's "All" sends.
 */
final class PromqlCoverage {

    /** One thing that must show data: a panel (its Prometheus queries), a template variable, an annotation, a rule. */
    record Check(String where, List<String> exprs) {}

    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([a-zA-Z0-9_]+)(?::[^}]*)?}|\\[\\[([a-zA-Z0-9_]+)]]|\\$([a-zA-Z_][a-zA-Z0-9_]*)");

    private PromqlCoverage() {}

    /** The checks of every {@code *.json} dashboard in {@code dir}. */
    static List<Check> dashboards(Path dir) throws IOException {
        List<Check> checks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonObject dashboard = new JsonObject(Files.readString(file));
                String name = file.getFileName().toString();
                for (Object v :
                        dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
                    JsonObject variable = (JsonObject) v;
                    if ("query".equals(variable.getString("type"))
                            && isPrometheus(variable.getValue("datasource"), null)) {
                        Object q = variable.getValue("query");
                        String query = q instanceof JsonObject o ? o.getString("query") : String.valueOf(q);
                        checks.add(new Check(
                                name + ": variable $" + variable.getString("name"), List.of(variableQuery(query))));
                    }
                }
                for (Object a : dashboard
                        .getJsonObject("annotations", new JsonObject())
                        .getJsonArray("list", new JsonArray())) {
                    JsonObject annotation = (JsonObject) a;
                    String expr = annotation.getString("expr");
                    if (expr == null && annotation.getValue("target") instanceof JsonObject target) {
                        expr = target.getString("expr");
                    }
                    if (expr != null && isPrometheus(annotation.getValue("datasource"), expr)) {
                        checks.add(new Check(
                                name + ": annotation '" + annotation.getString("name") + "'",
                                List.of(substitute(expr))));
                    }
                }
                panels(name, dashboard.getJsonArray("panels", new JsonArray()), checks);
            }
        }
        return checks;
    }

    private static void panels(String dashboard, JsonArray panels, List<Check> checks) {
        for (Object p : panels) {
            JsonObject panel = (JsonObject) p;
            List<String> exprs = new ArrayList<>();
            for (Object t : panel.getJsonArray("targets", new JsonArray())) {
                JsonObject target = (JsonObject) t;
                String expr = target.getString("expr");
                Object datasource = target.getValue("datasource") != null
                        ? target.getValue("datasource")
                        : panel.getValue("datasource");
                if (expr != null && !expr.isBlank() && isPrometheus(datasource, expr)) {
                    exprs.add(substitute(expr));
                }
            }
            if (!exprs.isEmpty()) {
                checks.add(new Check(dashboard + ": panel '" + panel.getString("title") + "'", exprs));
            }
            panels(dashboard, panel.getJsonArray("panels", new JsonArray()), checks);
        }
    }

    /** The checks of the loaded rules: a recording rule's expression, an alert's sides of each comparison. */
    static List<Check> rules(List<AlertRule> rules) {
        List<Check> checks = new ArrayList<>();
        for (AlertRule rule : rules) {
            if (rule.type() == AlertRule.Type.RECORDING) {
                checks.add(new Check("rule " + rule.name(), List.of(rule.expr())));
                continue;
            }
            // the whole alert expression is empty while the alert does not fire; what must have data is each
            // comparison's value side (and a threshold that is itself a query)
            List<RuleConditions.Condition> conditions = RuleConditions.of(rule.expr());
            if (conditions.isEmpty()) {
                checks.add(new Check("alert " + rule.name() + " " + rule.labels(), List.of(rule.expr())));
            }
            for (RuleConditions.Condition c : conditions) {
                checks.add(new Check(
                        "alert " + rule.name() + " " + rule.labels() + ": `" + c.left() + "`", List.of(c.left())));
                if (c.literal() == null) {
                    checks.add(new Check(
                            "alert " + rule.name() + " " + rule.labels() + " threshold: `" + c.right() + "`",
                            List.of(c.right())));
                }
            }
        }
        return checks;
    }

    /** The checks that returned no sample over [start, end], with the reason; empty when all have data. */
    static Map<String, String> empty(
            PrometheusClient prometheus, List<Check> checks, Instant start, Instant end, Duration step) {
        Map<String, String> empty = new LinkedHashMap<>();
        for (Check check : checks) {
            boolean data = false;
            List<String> errors = new ArrayList<>();
            for (String expr : check.exprs()) {
                try {
                    List<Series> result =
                            prometheus.queryRange(expr, start, end, step).await();
                    if (result.stream().anyMatch(s -> !s.samples().isEmpty())) {
                        data = true;
                        break;
                    }
                } catch (RuntimeException e) {
                    errors.add(e.getMessage());
                }
            }
            if (!data) {
                empty.put(check.where(), errors.isEmpty() ? "no data for " + check.exprs() : String.join("; ", errors));
            }
        }
        return empty;
    }

    /** Grafana's {@code label_values(query, label)} as the PromQL it stands for. */
    static String variableQuery(String query) {
        Matcher m = LABEL_VALUES.matcher(substitute(query));
        if (m.matches()) {
            return "count by (" + m.group(2) + ") (" + m.group(1) + ")";
        }
        return substitute(query);
    }

    /** Replaces Grafana's variables: template variables by ".*" (the "All" of a regex matcher), intervals by durations. */
    static String substitute(String expr) {
        String e = expr.replace("$__rate_interval", "1m")
                .replace("${__rate_interval}", "1m")
                .replace("$__interval", "15s")
                .replace("${__interval}", "15s")
                .replace("$__range", "5m")
                .replace("${__range}", "5m");
        return VARIABLE.matcher(e).replaceAll(".*");
    }

    private static boolean isPrometheus(Object datasource, String expr) {
        if (datasource instanceof JsonObject ds) {
            String type = ds.getString("type", "");
            String uid = ds.getString("uid", "");
            return type.equals("prometheus")
                    || (type.isEmpty() && uid.toLowerCase().contains("prom"));
        }
        if (datasource instanceof String s) {
            return s.toLowerCase().contains("prom");
        }
        // no datasource: Grafana's default, Prometheus here, unless it is a LogQL stream selector
        return expr == null || !expr.strip().startsWith("{");
    }
}
