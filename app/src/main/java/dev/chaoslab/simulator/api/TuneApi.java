package dev.chaoslab.simulator.api;

import dev.chaoslab.chaos.Durations;
import dev.chaoslab.simulator.report.MarginChartPage;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.scenario.Excerpt;
import dev.chaoslab.simulator.tune.PromDuration;
import dev.chaoslab.simulator.tune.TuneResult;
import dev.chaoslab.simulator.tune.TuneSession;
import dev.chaoslab.simulator.tune.TuneText;
import dev.chaoslab.simulator.tune.Tuner;
import dev.chaoslab.simulator.tune.UntunableRuleException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /tune}: {@code chaoslab tune} over stored runs; the replay runs on a worker. */
final class TuneApi implements ApiRouter.ApiRoutes {
    /** Runs one request may replay at most: each is a recording read and replayed for every variant. */
    static final int MAX_RUNS = 50;

    private final Vertx vertx;
    private final ReportStore reports;

    TuneApi(Vertx vertx, ReportStore reports) {
        this.vertx = vertx;
        this.reports = reports;
    }

    @Override
    public void mount(Router router) {
        router.post("/tune").handler(this::tune);
    }

    private void tune(RoutingContext ctx) {
        JsonObject body = RequestBodies.json(ctx);
        String alert = RequestBodies.string(body, "alert");
        if (alert == null || alert.isBlank()) {
            throw ApiError.badRequest(
                    "invalid_request", "'alert' is required: the alert to tune, e.g. ChaoslabHighErrorRatio.");
        }
        Object runsField = body.getValue("runs");
        if (!(runsField instanceof JsonArray runs) || runs.isEmpty()) {
            throw ApiError.badRequest("invalid_request", "'runs' must be a non-empty array of run ids.");
        }
        if (runs.size() > MAX_RUNS) {
            throw ApiError.badRequest(
                    "invalid_request", "'runs' names " + runs.size() + " runs; tune at most " + MAX_RUNS + " at once.");
        }
        List<Path> paths = new ArrayList<>();
        for (Object id : runs) {
            if (!(id instanceof String runId) || !reports.contains(runId)) {
                throw ApiError.notFound(
                        "run_not_found",
                        "No stored run '" + Excerpt.of(String.valueOf(id)) + "' (GET /runs lists them).");
            }
            paths.add(reports.recordingPath(runId));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Object labelsField = body.getValue("labels");
        if (labelsField != null) {
            if (!(labelsField instanceof JsonObject l) || l.stream().anyMatch(e -> !(e.getValue() instanceof String))) {
                throw ApiError.badRequest(
                        "invalid_request", "'labels' must be an object of label name to string value.");
            }
            l.forEach(e -> labels.put(e.getKey(), (String) e.getValue()));
        }
        String grace = RequestBodies.string(body, "grace");
        long graceMs;
        try {
            graceMs = grace == null
                    ? Tuner.DEFAULT_GRACE_MS
                    : Durations.parse(grace).toMillis();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_request", "'grace': " + e.getMessage());
        }
        List<Long> windowsMs = new ArrayList<>();
        Object windowsField = body.getValue("windows");
        if (windowsField != null) {
            if (!(windowsField instanceof JsonArray ws) || ws.stream().anyMatch(w -> !(w instanceof String))) {
                throw ApiError.badRequest(
                        "invalid_request", "'windows' must be an array of durations, e.g. [\"30s\", \"2m\"].");
            }
            for (Object w : ws) {
                try {
                    windowsMs.add(PromDuration.parse((String) w));
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("invalid_request", "'windows': " + e.getMessage());
                }
            }
        }
        TuneSession.Request request = new TuneSession.Request(paths, alert, labels, graceMs, null, windowsMs);
        vertx.executeBlocking(() -> TuneSession.run(request))
                .onSuccess(outcome -> ErrorResponses.sendJson(
                        ctx, 200, describe(alert, outcome.results()).put("charts", charts(outcome.charts()))))
                .onFailure(err -> ctx.fail(
                        err instanceof UntunableRuleException u
                                ? (u.badRequest()
                                        ? ApiError.badRequest("invalid_request", err.getMessage())
                                        : new ApiError(422, "untunable", err.getMessage()))
                                : err));
    }

    /** Each recommended variant's margin chart on each run, as inline SVG (a few tens of KB each). */
    private static JsonArray charts(List<TuneSession.Chart> charts) {
        JsonArray out = new JsonArray();
        for (TuneSession.Chart c : charts) {
            out.add(new JsonObject()
                    .put("file", c.fileName())
                    .put("title", c.trace().title())
                    .put("svg", MarginChartPage.svg(c.trace())));
        }
        return out;
    }

    private static JsonObject describe(String alert, List<TuneResult> results) {
        JsonArray rules = new JsonArray();
        for (TuneResult r : results) {
            rules.add(new JsonObject()
                    .put("expr", r.rule().expr())
                    .put("runs", new JsonArray(r.recordings()))
                    .put("variants", r.rows().size())
                    .put("why", r.why())
                    .put("yamlDiff", r.yamlDiff())
                    .put("windowFixed", r.windowFixed()));
        }
        return new JsonObject().put("alert", alert).put("rules", rules).put("text", TuneText.render(results));
    }
}
