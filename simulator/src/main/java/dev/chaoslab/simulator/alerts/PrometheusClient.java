package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A small client of the Prometheus HTTP API (the parts chaoslab needs), on Vert.x {@link WebClient}.
 * Every failure is a {@link PrometheusException} whose message names the URL and, where possible, the fix.
 *
 * <p>Thread-safety: safe to use from any thread; the futures complete on the Vert.x context of the caller.
 *
 * <pre>{@code
 * PrometheusClient prometheus = new PrometheusClient(vertx, "http://127.0.0.1:9090");
 * prometheus.ready()
 *   .compose(v -> prometheus.rules())
 *   .onSuccess(rules -> ...);
 * }</pre>
 */
public final class PrometheusClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;
    private final String baseUrl;
    private final long timeoutMs;

    public PrometheusClient(Vertx vertx, String baseUrl) {
        this(vertx, baseUrl, DEFAULT_TIMEOUT);
    }

    public PrometheusClient(Vertx vertx, String baseUrl, Duration timeout) {
        this.baseUrl = ServerText.baseUrl(baseUrl, "Prometheus", "http://127.0.0.1:9090");
        this.timeoutMs = timeout.toMillis();
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setConnectTimeout((int) Math.min(timeoutMs, 5_000))
                        .setUserAgent("chaoslab-alerts"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Succeeds when {@code /-/ready} answers 200; fails with a message saying why not. */
    public Future<Void> ready() {
        return request(client.getAbs(baseUrl + "/-/ready"), null, "/-/ready").map(response -> {
            if (response.statusCode() == 200) {
                return null;
            }
            throw new PrometheusException("Prometheus at " + baseUrl + " is not ready (HTTP " + response.statusCode()
                    + " from /-/ready: " + ServerText.excerpt(response.bodyAsString())
                    + "). It is probably still starting or replaying its "
                    + "write-ahead log; wait a moment and try again.");
        });
    }

    /** The alert instances that are pending or firing now. */
    public Future<List<ActiveAlert>> alerts() {
        return getJson("/api/v1/alerts", MultiMap.caseInsensitiveMultiMap()).map(data -> {
            List<ActiveAlert> alerts = new ArrayList<>();
            for (Object o : data.getJsonArray("alerts", new JsonArray())) {
                JsonObject a = (JsonObject) o;
                Map<String, String> labels = stringMap(a.getJsonObject("labels"));
                String name = labels.remove("alertname");
                ActiveAlert.State state =
                        "firing".equals(a.getString("state")) ? ActiveAlert.State.FIRING : ActiveAlert.State.PENDING;
                Instant activeAt = a.getString("activeAt") == null ? null : Instant.parse(a.getString("activeAt"));
                alerts.add(new ActiveAlert(name, labels, state, activeAt));
            }
            return alerts;
        });
    }

    /** Every rule Prometheus has loaded, alerting and recording. */
    public Future<List<AlertRule>> rules() {
        return getJson("/api/v1/rules", MultiMap.caseInsensitiveMultiMap()).map(data -> {
            List<AlertRule> rules = new ArrayList<>();
            for (Object g : data.getJsonArray("groups", new JsonArray())) {
                JsonObject group = (JsonObject) g;
                for (Object r : group.getJsonArray("rules", new JsonArray())) {
                    JsonObject rule = (JsonObject) r;
                    boolean alerting = "alerting".equals(rule.getString("type"));
                    rules.add(new AlertRule(
                            alerting ? AlertRule.Type.ALERTING : AlertRule.Type.RECORDING,
                            rule.getString("name"),
                            rule.getString("query"),
                            Duration.ofMillis(Math.round(rule.getDouble("duration", 0.0) * 1000)),
                            stringMap(rule.getJsonObject("labels")),
                            group.getString("name"),
                            group.getString("file"),
                            Duration.ofMillis(Math.round(group.getDouble("interval", 0.0) * 1000)),
                            rule.getString("health"),
                            rule.getString("lastError")));
                }
            }
            return rules;
        });
    }

    /** A scrape target as {@code /api/v1/targets} reports it. */
    public record ScrapeTarget(String job, String instance, String health, String lastError) {}

    /** The active scrape targets and their health ("up", "down", "unknown"). */
    public Future<List<ScrapeTarget>> targets() {
        return getJson("/api/v1/targets", MultiMap.caseInsensitiveMultiMap().add("state", "active"))
                .map(data -> {
                    List<ScrapeTarget> targets = new ArrayList<>();
                    for (Object o : data.getJsonArray("activeTargets", new JsonArray())) {
                        JsonObject t = (JsonObject) o;
                        JsonObject labels = t.getJsonObject("labels", new JsonObject());
                        targets.add(new ScrapeTarget(
                                labels.getString("job"),
                                labels.getString("instance"),
                                t.getString("health"),
                                t.getString("lastError")));
                    }
                    return targets;
                });
    }

    /** An instant query; a scalar result comes back as one series without labels. */
    public Future<List<Series>> query(String expr, Instant time) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("query", expr);
        if (time != null) {
            form.add("time", seconds(time));
        }
        return postForm("/api/v1/query", form).map(PrometheusClient::parseResult);
    }

    /** A range query, {@code step} at least one second. */
    public Future<List<Series>> queryRange(String expr, Instant start, Instant end, Duration step) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("query", expr)
                .add("start", seconds(start))
                .add("end", seconds(end))
                .add("step", String.format(Locale.ROOT, "%.3f", Math.max(step.toMillis(), 1000) / 1000.0));
        return postForm("/api/v1/query_range", form).map(PrometheusClient::parseResult);
    }

    /** Exemplars of the series the expression selects, between start and end. */
    public Future<List<Exemplar>> queryExemplars(String expr, Instant start, Instant end) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("query", expr)
                .add("start", seconds(start))
                .add("end", seconds(end));
        return postForm("/api/v1/query_exemplars", form).map(data -> {
            List<Exemplar> exemplars = new ArrayList<>();
            JsonArray groups = data.getJsonArray("data", new JsonArray());
            for (Object g : groups) {
                JsonObject group = (JsonObject) g;
                Map<String, String> seriesLabels = stringMap(group.getJsonObject("seriesLabels"));
                for (Object e : group.getJsonArray("exemplars", new JsonArray())) {
                    JsonObject exemplar = (JsonObject) e;
                    exemplars.add(new Exemplar(
                            seriesLabels,
                            stringMap(exemplar.getJsonObject("labels")),
                            parseValue(exemplar.getValue("value")),
                            Math.round(exemplar.getDouble("timestamp") * 1000)));
                }
            }
            return exemplars;
        });
    }

    @Override
    public void close() {
        client.close();
    }

    private Future<JsonObject> getJson(String path, MultiMap params) {
        HttpRequest<Buffer> request = client.getAbs(baseUrl + path);
        request.queryParams().addAll(params);
        return request(request, null, path).map(response -> data(response, path, null));
    }

    private Future<JsonObject> postForm(String path, MultiMap form) {
        // POST keeps long expressions out of the URL; Prometheus accepts form-encoded POSTs on its query endpoints.
        return request(client.postAbs(baseUrl + path), form, path)
                .map(response -> data(response, path, form.get("query")));
    }

    private Future<HttpResponse<Buffer>> request(HttpRequest<Buffer> request, MultiMap form, String path) {
        request.idleTimeout(timeoutMs).timeout(timeoutMs);
        Future<HttpResponse<Buffer>> sent = form == null ? request.send() : request.sendForm(form);
        return sent.recover(failure -> Future.failedFuture(unreachable(path, failure)));
    }

    private JsonObject data(HttpResponse<Buffer> response, String path, String query) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null) {
            throw new PrometheusException(
                    "Prometheus at " + baseUrl + " answered " + path + " with HTTP "
                            + response.statusCode() + " and no Prometheus API JSON ("
                            + ServerText.excerpt(response.bodyAsString())
                            + "). Check that the URL points at Prometheus itself (e.g. http://127.0.0.1:9090), not at Grafana or a proxy.");
        }
        if (!"success".equals(body.getString("status"))) {
            String what = query == null ? path : path + " for `" + query + "`";
            throw new PrometheusException("Prometheus at " + baseUrl + " rejected " + what + ": "
                    + body.getString("errorType", "error") + ": " + body.getString("error", "(no message)"));
        }
        Object data = body.getValue("data");
        // query_exemplars answers with an array as data: wrap it so every caller sees an object
        if (data instanceof JsonArray array) {
            return new JsonObject().put("data", array);
        }
        return data instanceof JsonObject object ? object : new JsonObject();
    }

    private PrometheusException unreachable(String path, Throwable failure) {
        if (failure instanceof PrometheusException pe) {
            return pe;
        }
        String why = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String fix;
        if (failure instanceof ConnectException
                || hasCause(failure, ConnectException.class)
                || failure instanceof UnknownHostException
                || hasCause(failure, UnknownHostException.class)) {
            fix =
                    "Start Prometheus (`docker compose -f docker/docker-compose.yml up -d prometheus`), or let chaoslab start "
                            + "one with `--local-prometheus` (needs the `prometheus` binary: `sudo apt-get install prometheus`), "
                            + "or point `--prometheus-url` at a running one.";
        } else if (failure instanceof TimeoutException
                || why.toLowerCase(Locale.ROOT).contains("timeout")) {
            fix = "It did not answer within " + timeoutMs
                    + " ms; check that it is not overloaded and that the URL is right.";
        } else {
            fix = "Check the URL and that Prometheus is running.";
        }
        return new PrometheusException(
                "Prometheus at " + baseUrl + " is unreachable (" + path + ": " + why + "). " + fix, failure);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    static List<Series> parseResult(JsonObject data) {
        String type = data.getString("resultType", "");
        Object result = data.getValue("result");
        List<Series> series = new ArrayList<>();
        switch (type) {
            case "scalar" -> {
                JsonArray pair = (JsonArray) result;
                series.add(new Series(Map.of(), List.of(sample(pair))));
            }
            case "vector" -> {
                for (Object o : (JsonArray) result) {
                    JsonObject s = (JsonObject) o;
                    series.add(
                            new Series(stringMap(s.getJsonObject("metric")), List.of(sample(s.getJsonArray("value")))));
                }
            }
            case "matrix" -> {
                for (Object o : (JsonArray) result) {
                    JsonObject s = (JsonObject) o;
                    List<Sample> samples = new ArrayList<>();
                    for (Object v : s.getJsonArray("values", new JsonArray())) {
                        samples.add(sample((JsonArray) v));
                    }
                    series.add(new Series(stringMap(s.getJsonObject("metric")), samples));
                }
            }
            default -> {
                // "string" results carry no series; an unknown type is reported as empty rather than guessed at
            }
        }
        return series;
    }

    private static Sample sample(JsonArray pair) {
        return new Sample(Math.round(pair.getDouble(0) * 1000), parseValue(pair.getValue(1)));
    }

    static double parseValue(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        String s = String.valueOf(value);
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static Map<String, String> stringMap(JsonObject object) {
        Map<String, String> map = new HashMap<>();
        if (object != null) {
            object.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return map;
    }

    private static String seconds(Instant instant) {
        return String.format(Locale.ROOT, "%.3f", instant.toEpochMilli() / 1000.0);
    }
}
