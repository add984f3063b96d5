package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.scenario.Phase;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioFile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /scenarios} (the scenarios of a file) and {@code POST /scenarios/validate}. */
final class ScenariosApi implements ApiRouter.ApiRoutes {

    private final ScenarioCatalog catalog;

    ScenariosApi(ScenarioCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void mount(Router router) {
        router.get("/scenarios").handler(this::list);
        router.post("/scenarios/validate").handler(this::validate);
    }

    private void list(RoutingContext ctx) {
        catalog.file(ctx.queryParams().get("file"))
                .onSuccess(file -> ErrorResponses.sendJson(ctx, 200, describe(file)))
                .onFailure(ctx::fail);
    }

    private void validate(RoutingContext ctx) {
        Future<ScenarioFile> loading;
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && (contentType.contains("yaml") || contentType.startsWith("text/plain"))) {
            loading = catalog.inline(ctx.body().asString());
        } else {
            JsonObject body = RequestBodies.json(ctx);
            boolean hasFile = body.containsKey("file");
            boolean hasInline = body.containsKey("inline");
            if (hasFile == hasInline) {
                throw ApiError.badRequest(
                        "invalid_request",
                        "Send exactly one of 'file' (a scenario file name) and "
                                + "'inline' (the scenarios themselves), e.g. {\"file\":\"scenarios.yaml\"}.");
            }
            loading = hasFile
                    ? catalog.file(RequestBodies.string(body, "file"))
                    : catalog.inline(RequestBodies.any(body, "inline"));
        }
        catalog.validate(loading)
                .onSuccess(result -> ErrorResponses.sendJson(ctx, 200, result))
                .onFailure(ctx::fail);
    }

    static JsonObject describe(ScenarioFile file) {
        JsonArray scenarios = new JsonArray();
        for (Scenario s : file.scenarios()) {
            JsonObject targets = new JsonObject();
            s.targets().forEach((name, url) -> targets.put(name, url.toString()));
            scenarios.add(new JsonObject()
                    .put("name", s.name())
                    .put("description", s.description())
                    .put(
                            "phases",
                            new JsonArray(s.phases().stream().map(Phase::name).toList()))
                    .put("durationMs", s.totalDuration().toMillis())
                    .put("targets", targets));
        }
        return new JsonObject().put("file", file.source()).put("scenarios", scenarios);
    }
}
