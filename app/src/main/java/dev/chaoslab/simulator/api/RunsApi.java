package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.report.HtmlReport;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.result.ResultFormatException;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.RunSummary;
import dev.chaoslab.simulator.run.RateChange;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.run.RunRejectedException;
import dev.chaoslab.simulator.run.RunStartException;
import dev.chaoslab.simulator.scenario.Excerpt;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioFile;
import dev.chaoslab.simulator.scenario.ScenarioValidator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starting, listing, watching, steering and stopping runs, and serving their reports. */
final class RunsApi implements ApiRouter.ApiRoutes {

    private final RunManager runs;
    private final ReportStore reports;
    private final ScenarioCatalog catalog;

    RunsApi(RunManager runs, ReportStore reports, ScenarioCatalog catalog) {
        this.runs = runs;
        this.reports = reports;
        this.catalog = catalog;
    }

    @Override
    public void mount(Router router) {
        router.get("/runs").handler(this::list);
        router.post("/runs").handler(this::start);
        router.get("/runs/:id").handler(this::status);
        router.delete("/runs/:id").handler(this::stop);
        router.post("/runs/:id/stop").handler(this::stop);
        router.post("/runs/:id/rate").handler(this::rate);
        router.get("/runs/:id/report").handler(this::reportJson);
        router.get("/runs/:id/report.html").handler(this::reportHtml);
    }

    private void start(RoutingContext ctx) {
        JsonObject body = RequestBodies.json(ctx);
        String name = RequestBodies.string(body, "scenario");
        String file = RequestBodies.string(body, "file");
        Object inline = RequestBodies.any(body, "inline");
        Double multiplier = RequestBodies.number(body, "rateMultiplier");
        Map<String, URI> overrides = targetOverrides(RequestBodies.any(body, "targets"));
        if (inline != null && file != null) {
            throw ApiError.badRequest("invalid_request", "Send either 'file' (with 'scenario') or 'inline', not both.");
        }
        if (inline == null && name == null) {
            throw ApiError.badRequest(
                    "invalid_request",
                    "Name the scenario to run, e.g. {\"scenario\":\"baseline\","
                            + "\"file\":\"scenarios.yaml\"}, or send one inline as {\"inline\": …}.");
        }
        if (multiplier != null && !(multiplier > 0 && Double.isFinite(multiplier))) {
            throw ApiError.badRequest(
                    "invalid_request", "'rateMultiplier' must be a number > 0, was " + multiplier + ".");
        }
        RunOptions options = ShardBody.options(body, multiplier);
        Future<ScenarioFile> loading = inline != null ? catalog.inline(inline) : catalog.file(file);
        loading.map(f -> pick(f, name))
                .map(scenario -> withTargets(scenario, overrides))
                // the multiplier is set before the first arrival: over the ceiling, the run is refused before anything
                // is sent
                .compose(scenario -> runs.start(scenario, options).recover(e -> Future.failedFuture(startError(e))))
                .onSuccess(run -> {
                    ctx.response().putHeader("Location", "/runs/" + run.id());
                    ErrorResponses.sendJson(ctx, 201, ResultJson.encode(run.status()));
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        Map<String, RunSummary> all = new LinkedHashMap<>();
        for (RunSummary summary : reports.list()) {
            all.put(summary.runId(), summary);
        }
        for (Run run : runs.runs()) {
            // A finished run's stored summary carries the verdicts; the live one only until the report is written.
            if (running(run) || !all.containsKey(run.id())) {
                all.put(run.id(), RunSummary.of(run.status()));
            }
        }
        List<RunSummary> sorted = new ArrayList<>(all.values());
        sorted.sort(Comparator.comparing((RunSummary s) -> s.startedAt() == null ? Instant.MIN : s.startedAt())
                .reversed());
        ErrorResponses.sendJson(ctx, 200, ResultJson.encodeList(sorted));
    }

    private void status(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<Run> live = runs.run(id);
        if (live.isPresent()) {
            ErrorResponses.sendJson(ctx, 200, ResultJson.encode(live.get().status()));
            return;
        }
        storedReport(id)
                .onSuccess(report -> ErrorResponses.sendJson(ctx, 200, ResultJson.encode(report)))
                .onFailure(ctx::fail);
    }

    private void stop(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Run run = runs.run(id).orElse(null);
        if (run == null) {
            ctx.fail(reports.contains(id) ? finished(id) : unknownRun(id));
            return;
        }
        if (!running(run)) {
            ctx.fail(finished(id));
            return;
        }
        run.stop()
                .onSuccess(report -> ErrorResponses.sendJson(ctx, 200, ResultJson.encode(report)))
                .onFailure(ctx::fail);
    }

    private void rate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject body = RequestBodies.json(ctx);
        Double multiplier = RequestBodies.number(body, "multiplier");
        Double rate = RequestBodies.number(body, "rate");
        if ((multiplier == null) == (rate == null)) {
            throw ApiError.badRequest(
                    "invalid_request",
                    "Send exactly one of 'multiplier' (a factor on the scheduled "
                            + "rate, e.g. {\"multiplier\":2}) and 'rate' (requests/s, e.g. {\"rate\":120}).");
        }
        double value = multiplier != null ? multiplier : rate;
        if (!(value > 0) || !Double.isFinite(value)) {
            throw ApiError.badRequest(
                    "invalid_request",
                    "'" + (multiplier != null ? "multiplier" : "rate") + "' must be a number > 0, was " + value
                            + ". To pause traffic, stop the run instead.");
        }
        Run run = runs.run(id).orElse(null);
        if (run == null) {
            throw reports.contains(id) ? finished(id) : unknownRun(id);
        }
        if (!running(run)) {
            throw finished(id);
        }
        try {
            run.changeRate(multiplier != null ? RateChange.multiplier(multiplier) : RateChange.absolute(rate));
        } catch (IllegalArgumentException e) {
            // The engine enforces the rate ceiling; its message names the limit.
            throw ApiError.badRequest("invalid_rate", e.getMessage());
        } catch (IllegalStateException e) {
            // a shard of a sharded run: its rate is part of the plan every shard shares
            throw ApiError.conflict("rate_fixed", e.getMessage());
        }
        // The run republishes its snapshot on its own context a moment later; the dial setting is already in
        // effect, so the answer shows it rather than the snapshot's previous one.
        RunStatus status = multiplier != null
                ? run.status().withDial(multiplier, null)
                : run.status().withDial(1.0, rate);
        ErrorResponses.sendJson(ctx, 200, ResultJson.encode(status));
    }

    private void reportJson(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        report(id)
                .onSuccess(report -> ErrorResponses.sendJson(ctx, 200, ResultJson.encode(report)))
                .onFailure(ctx::fail);
    }

    private void reportHtml(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Future<String> page = reports.contains(id)
                ? reports.html(id).map(html -> html.orElseThrow(() -> unknownRun(id)))
                : report(id).map(HtmlReport::render);
        page.onSuccess(html -> ctx.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(html))
                .onFailure(ctx::fail);
    }

    /** The final report: from the store, or from a run that just ended and whose report is still being written. */
    private Future<RunReport> report(String id) {
        if (reports.contains(id)) {
            return storedReport(id);
        }
        Optional<Run> live = runs.run(id);
        if (live.isEmpty()) {
            return Future.failedFuture(unknownRun(id));
        }
        if (running(live.get())) {
            return Future.failedFuture(ApiError.conflict(
                    "run_not_finished",
                    "Run " + id + " is still running; its report " + "is written when it ends. GET /runs/" + id
                            + " shows its live status."));
        }
        return live.get().result();
    }

    private Future<RunReport> storedReport(String id) {
        return reports.report(id)
                .recover(e -> Future.failedFuture(e instanceof ResultFormatException ? unreadable(id, e) : e))
                .map(report -> report.orElseThrow(() -> unknownRun(id)));
    }

    private static ApiError unreadable(String id, Throwable e) {
        // the request is fine and the server works: the stored file is in a state that cannot be served (409, not 500)
        return new ApiError(
                409,
                "report_unreadable",
                "The stored report of run " + id + " cannot be read: " + e.getMessage() + "; repair or delete runs/"
                        + id + "/report.json in the data directory");
    }

    private Scenario pick(ScenarioFile file, String name) {
        if (name == null) {
            if (file.scenarios().size() == 1) {
                return file.scenarios().get(0);
            }
            throw ApiError.badRequest(
                    "scenario_required",
                    file.source() + " holds " + file.scenarios().size() + " scenarios; name one with 'scenario': "
                            + String.join(", ", file.names()) + ".");
        }
        return file.find(name)
                .orElseThrow(() -> ApiError.notFound(
                        "scenario_not_found",
                        "There is no scenario '" + name + "' in " + file.source() + "; it has: "
                                + String.join(", ", file.names()) + "."));
    }

    private Scenario withTargets(Scenario scenario, Map<String, URI> overrides) {
        if (overrides.isEmpty()) {
            return scenario;
        }
        JsonArray problems = new JsonArray();
        for (String name : overrides.keySet()) {
            if (!scenario.targets().containsKey(name)) {
                problems.add(ApiError.problem(
                        "targets." + name,
                        "the scenario has no target '" + name + "'; it has: "
                                + String.join(", ", scenario.targets().keySet())));
            }
        }
        Scenario changed = scenario.withTargets(overrides);
        for (String problem : ScenarioValidator.checkTargets(
                changed.targets(), catalog.loader().options())) {
            problems.add(ApiError.problem("targets", problem));
        }
        if (!problems.isEmpty()) {
            throw new ApiError(
                    422,
                    "invalid_targets",
                    "The target overrides are not usable; fix each one listed in " + "'problems'.",
                    problems);
        }
        return changed;
    }

    private static Map<String, URI> targetOverrides(Object value) {
        Map<String, URI> overrides = new LinkedHashMap<>();
        if (value == null) {
            return overrides;
        }
        if (!(value instanceof JsonObject targets)) {
            throw ApiError.badRequest(
                    "invalid_request",
                    "'targets' must be an object of target name to base URL, e.g. "
                            + "{\"gateway\":\"http://127.0.0.1:8080\"}.");
        }
        for (String name : targets.fieldNames()) {
            Object url = targets.getValue(name);
            try {
                URI uri = URI.create(String.valueOf(url));
                if (!(url instanceof String) || uri.getHost() == null || uri.getScheme() == null) {
                    throw new IllegalArgumentException("not an absolute URL");
                }
                overrides.put(name, uri);
            } catch (IllegalArgumentException e) {
                throw new ApiError(
                        400,
                        "invalid_request",
                        "targets." + name + " must be a base URL such as " + "http://127.0.0.1:8080, was " + url + ".",
                        new JsonArray().add(ApiError.problem("targets." + name, "not an absolute http(s) URL")));
            }
        }
        return overrides;
    }

    private static Throwable startError(Throwable e) {
        if (e instanceof RunRejectedException) {
            return new ApiError(
                    429,
                    "too_many_runs",
                    e.getMessage() + ". Stop a run (POST /runs/{id}/stop) or wait for " + "one to end, then retry.");
        }
        if (e instanceof RunStartException) {
            return new ApiError(422, "run_not_started", e.getMessage());
        }
        return e;
    }

    private static boolean running(Run run) {
        return run.status().state() == RunState.RUNNING;
    }

    private static ApiError unknownRun(String id) {
        return ApiError.notFound(
                "run_not_found",
                "There is no run '" + Excerpt.of(id) + "'. GET /runs lists the live runs and the "
                        + "reports on disk.");
    }

    private static ApiError finished(String id) {
        return ApiError.conflict(
                "run_finished",
                "Run " + id + " has already ended; only a running run can be stopped "
                        + "or steered. Its report is at /runs/" + id + "/report.");
    }
}
