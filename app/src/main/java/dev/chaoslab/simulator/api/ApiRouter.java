package dev.chaoslab.simulator.api;

import dev.chaoslab.chaos.http.CrossSiteGuard;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The simulator's HTTP routes. Every route is listed in {@code openapi.yaml} (a test keeps both in step);
 * every failure goes through {@link ErrorResponses}.
 */
public final class ApiRouter {

    static final String OPENAPI_RESOURCE = "/openapi.yaml";
    /** Body types a mutating call may send: JSON, or a scenario's YAML text. Form encodings are refused. */
    static final List<String> BODY_TYPES = List.of(
            "application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain");

    private ApiRouter() {}

    /**
     * The whole simulator API: runs, their event streams, reports, scenarios, health, metrics, the OpenAPI document
     * and the live page.
     */
    public static Router create(
            Vertx vertx,
            ApiOptions options,
            RunManager runs,
            ReportStore reports,
            ScenarioLoader loader,
            Handler<RoutingContext> metrics) {
        ScenarioCatalog catalog = new ScenarioCatalog(vertx, loader, options.scenarioDir());
        return create(
                vertx,
                options,
                metrics,
                new RunsApi(runs, reports, catalog),
                new ScenariosApi(catalog),
                new RunEvents(vertx, runs, reports, options),
                new LivePage(),
                new TuneApi(vertx, reports));
    }

    /**
     * Builds the router.
     *
     * @param metrics the handler that serves the simulator's registry on {@code /metrics}
     * @param routes  the run and scenario routes
     */
    static Router create(Vertx vertx, ApiOptions options, Handler<RoutingContext> metrics, ApiRoutes... routes) {
        Router router = Router.router(vertx);
        ErrorResponses errors = new ErrorResponses(options.bodyLimit());
        Buffer openapi = Buffer.buffer(readOpenApi());

        // Bodies are small JSON or YAML documents; past the limit Vert.x fails the request with 413.
        router.route()
                .handler(new CrossSiteGuard(
                        options.loopback(), BODY_TYPES, why -> new ApiError(403, "cross_site_refused", why)));
        router.route().handler(new BodyBudget(options.bodyLimit(), options.maxBodyBytesInFlight()));
        router.route().handler(BodyHandler.create(false).setBodyLimit(options.bodyLimit()));
        if (options.token() != null) {
            router.route().handler(new TokenAuth(options.token()));
        }

        router.get("/health")
                .handler(ctx -> ErrorResponses.sendJson(
                        ctx, 200, new JsonObject().put("status", "UP").put("service", "simulator")));
        router.get("/metrics").handler(metrics);
        router.get("/openapi.yaml")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "application/yaml")
                        .end(openapi));
        for (ApiRoutes r : routes) {
            r.mount(router);
        }

        router.route().failureHandler(errors::handle);
        router.errorHandler(404, errors::handle);
        router.errorHandler(405, ctx -> {
            ctx.response().putHeader("Allow", String.join(", ", allowedMethods(router, ctx.normalizedPath())));
            errors.handle(ctx);
        });
        router.errorHandler(500, errors::handle);
        return router;
    }

    /** The methods the router accepts on a concrete path (for the Allow header of 405 answers). */
    static Set<String> allowedMethods(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null) {
                continue;
            }
            String regex = "\\Q" + route.getPath().replaceAll(":[A-Za-z]+", "\\\\E[^/]+\\\\Q") + "\\E";
            if (Pattern.matches(regex, path)) {
                route.methods().forEach(m -> methods.add(m.name()));
            }
        }
        return methods;
    }

    static String readOpenApi() {
        try (InputStream in = ApiRouter.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath; the build is broken");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A group of routes mounted on the API router. */
    interface ApiRoutes {
        void mount(Router router);
    }

    /** For tests: every (method, path) the router serves, paths in Vert.x syntax ({@code /runs/:id}). */
    static Set<String> routeKeys(Router router) {
        Set<String> keys = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null) {
                for (HttpMethod m : route.methods()) {
                    keys.add(m.name() + " " + route.getPath());
                }
            }
        }
        return keys;
    }
}
