package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback stand-in for the Prometheus HTTP API, answering in Prometheus' JSON shapes from state the test
 * sets: readiness, active alerts, rules and range-query results per expression.
 */
final class FakePrometheus {

    volatile int readyStatus = 200;
    volatile JsonArray alerts = new JsonArray();
    volatile JsonArray ruleGroups = new JsonArray();
    /** Range query results by expression; unknown expressions answer an empty matrix. */
    volatile Function<String, JsonArray> ranges = expr -> new JsonArray();

    /** Instant query answers (the {@code data} object) by expression; null answers the scalar 0.05. */
    volatile Function<String, JsonObject> instants = expr -> null;

    final List<String> queries = new CopyOnWriteArrayList<>();
    private HttpServer server;

    Future<FakePrometheus> start(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/-/ready")
                .handler(rc -> rc.response()
                        .setStatusCode(readyStatus)
                        .end(readyStatus == 200 ? "Prometheus Server is Ready.\n" : "Service Unavailable"));
        router.get("/api/v1/alerts").handler(rc -> ok(rc, new JsonObject().put("alerts", alerts)));
        router.get("/api/v1/rules").handler(rc -> ok(rc, new JsonObject().put("groups", ruleGroups)));
        router.get("/api/v1/targets")
                .handler(rc -> ok(
                        rc,
                        new JsonObject()
                                .put(
                                        "activeTargets",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put(
                                                                "labels",
                                                                new JsonObject()
                                                                        .put("job", "payments")
                                                                        .put("instance", "127.0.0.1:8082"))
                                                        .put("health", "down")
                                                        .put("lastError", "connection refused")))));
        router.post("/api/v1/query_range").handler(rc -> {
            String query = rc.request().getFormAttribute("query");
            queries.add(query);
            if (query.contains("syntax error")) {
                rc.response()
                        .setStatusCode(400)
                        .putHeader("content-type", "application/json")
                        .end(new JsonObject()
                                .put("status", "error")
                                .put("errorType", "bad_data")
                                .put("error", "1:8: parse error: unexpected identifier \"error\"")
                                .encode());
                return;
            }
            ok(rc, new JsonObject().put("resultType", "matrix").put("result", ranges.apply(query)));
        });
        router.post("/api/v1/query").handler(rc -> {
            String query = rc.request().getFormAttribute("query");
            queries.add(query);
            JsonObject answer = instants.apply(query);
            ok(
                    rc,
                    answer != null
                            ? answer
                            : new JsonObject()
                                    .put("resultType", "scalar")
                                    .put(
                                            "result",
                                            new JsonArray().add(1700000000.0).add("0.05")));
        });
        router.post("/api/v1/query_exemplars")
                .handler(rc -> ok(
                        rc,
                        new JsonArray()
                                .add(new JsonObject()
                                        .put(
                                                "seriesLabels",
                                                new JsonObject()
                                                        .put("__name__", "x_bucket")
                                                        .put("service", "gateway"))
                                        .put(
                                                "exemplars",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put(
                                                                        "labels",
                                                                        new JsonObject()
                                                                                .put(
                                                                                        "trace_id",
                                                                                        "4bf92f3577b34da6a3ce929d0e0e4736"))
                                                                .put("value", "0.012")
                                                                .put("timestamp", 1700000000.5))))));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .map(s -> {
                    server = s;
                    return this;
                });
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    static JsonObject alert(String name, Map<String, String> labels, String state, String activeAt) {
        JsonObject l = new JsonObject().put("alertname", name);
        labels.forEach(l::put);
        return new JsonObject()
                .put("labels", l)
                .put("annotations", new JsonObject())
                .put("state", state)
                .put("activeAt", activeAt)
                .put("value", "1e+00");
    }

    static JsonObject group(String name, double intervalSeconds, JsonObject... rules) {
        JsonArray r = new JsonArray();
        for (JsonObject rule : rules) {
            r.add(rule);
        }
        return new JsonObject()
                .put("name", name)
                .put("file", "/rules/" + name + ".yml")
                .put("interval", intervalSeconds)
                .put("rules", r);
    }

    static JsonObject alertingRule(String name, String query, double forSeconds, Map<String, String> labels) {
        JsonObject l = new JsonObject();
        labels.forEach(l::put);
        return new JsonObject()
                .put("type", "alerting")
                .put("name", name)
                .put("query", query)
                .put("duration", forSeconds)
                .put("labels", l)
                .put("health", "ok")
                .put("alerts", new JsonArray());
    }

    static JsonObject matrix(Map<String, String> labels, long startMs, long stepMs, double... values) {
        JsonObject metric = new JsonObject();
        labels.forEach(metric::put);
        JsonArray points = new JsonArray();
        for (int i = 0; i < values.length; i++) {
            points.add(new JsonArray().add((startMs + i * stepMs) / 1000.0).add(String.valueOf(values[i])));
        }
        return new JsonObject().put("metric", metric).put("values", points);
    }

    private static void ok(RoutingContext rc, Object data) {
        rc.response()
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("status", "success").put("data", data).encode());
    }
}
