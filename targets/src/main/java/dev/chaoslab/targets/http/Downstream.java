package dev.chaoslab.targets.http;

import dev.chaoslab.chaos.DependencyFaults;
import dev.chaoslab.chaos.InjectedFailure;
import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Responses;
import dev.chaoslab.telemetry.RequestTraceContext;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Calls to one dependency (e.g. {@code payments}) through a bounded WebClient pool with connect, idle and
 * request timeouts. Failures become {@link ApiError}s that name the dependency:
 * 502 when it answered 5xx or dropped the connection, 503 when it refused the connection or is not
 * configured or its pool is saturated, 504 when it did not answer in time. A 4xx answer is passed through with
 * its body (it is the caller's problem, e.g. an unknown SKU).
 */
public final class Downstream {

    private final String name;
    private final String baseUrl;
    private final long requestTimeoutMs;
    private final ClientOptions options;
    private final DependencyFaults chaos;
    private final WebClient client;

    /** {@code baseUrl} may be {@code null}: the service then is not ready and calls answer 503. */
    public Downstream(
            Vertx vertx,
            String service,
            String name,
            String baseUrl,
            ClientOptions options,
            long requestTimeoutMs,
            DependencyFaults chaos) {
        this.name = name;
        this.baseUrl = baseUrl == null ? null : stripSlash(baseUrl);
        this.options = options;
        this.requestTimeoutMs = requestTimeoutMs;
        this.chaos = chaos;
        WebClientOptions clientOptions = new WebClientOptions()
                .setName(service + "->" + name)
                .setConnectTimeout(options.connectTimeoutMs())
                .setIdleTimeout(options.idleTimeoutS())
                .setKeepAlive(true)
                .setUserAgent("chaoslab-" + service);
        // the client_name label of vertx_http_client_* metrics: which dependency a call went to
        clientOptions.setMetricsName(name);
        PoolOptions pool =
                new PoolOptions().setHttp1MaxSize(options.maxPoolSize()).setMaxWaitQueueSize(options.maxWaitQueue());
        this.client = WebClient.create(vertx, clientOptions, pool);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String name() {
        return name;
    }

    public boolean configured() {
        return baseUrl != null;
    }

    /** Calls the dependency while serving {@code incoming}; completes with the JSON body of a 2xx (null if none). */
    public Future<JsonObject> call(RoutingContext incoming, HttpMethod method, String path, JsonObject body) {
        if (baseUrl == null) {
            return Future.failedFuture(new ApiError(
                            503,
                            "dependency_not_configured",
                            "the URL of " + name + " is not configured; set it with --" + name + "-url or "
                                    + name.toUpperCase() + "_URL")
                    .with("dependency", name));
        }
        return chaos.beforeCall(name, incoming, requestTimeoutMs)
                .compose(v -> {
                    try (Scope ignored = RequestTraceContext.restore(incoming)) {
                        return send(method, path, body);
                    }
                })
                .recover(failure -> Future.failedFuture(mapFailure(failure, method, path)))
                .compose(this::mapResponse);
    }

    private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, JsonObject body) {
        HttpRequest<Buffer> request = client.requestAbs(method, baseUrl + path)
                .timeout(requestTimeoutMs)
                .connectTimeout(options.connectTimeoutMs())
                .putHeader("Accept", Responses.JSON);
        return body == null ? request.send() : request.sendJsonObject(body);
    }

    private Future<JsonObject> mapResponse(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        JsonObject json = parse(response.body());
        if (status >= 200 && status < 300) {
            return Future.succeededFuture(json);
        }
        if (status >= 400 && status < 500) {
            JsonObject passed = json != null && json.containsKey("error")
                    ? json.copy()
                    : new JsonObject().put("error", "dependency_rejected").put("message", name + " answered " + status);
            return Future.failedFuture(
                    new ApiError(status, passed.put("dependency", passed.getString("dependency", name))));
        }
        String detail = json != null && json.getString("message") != null ? ": " + json.getString("message") : "";
        ApiError error = new ApiError(502, "dependency_failed", name + " answered " + status + detail)
                .with("dependency", name)
                .with("status", status);
        if (json != null) {
            error.with("cause", json);
        }
        return Future.failedFuture(error);
    }

    private ApiError mapFailure(Throwable failure, HttpMethod method, String path) {
        String call = method.name() + " " + path;
        if (failure instanceof ApiError e) {
            return e;
        }
        if (failure instanceof InjectedFailure injected) {
            return switch (injected.kind()) {
                case STATUS ->
                    injected.status() < 500
                            ? new ApiError(injected.status(), "dependency_rejected", name + " " + injected.getMessage())
                                    .with("dependency", name)
                            : new ApiError(502, "dependency_failed", name + " " + injected.getMessage())
                                    .with("dependency", name)
                                    .with("status", injected.status());
                case REFUSED ->
                    new ApiError(503, "dependency_unavailable", name + " " + injected.getMessage())
                            .with("dependency", name);
                case TIMEOUT ->
                    new ApiError(
                                    504,
                                    "dependency_timeout",
                                    name + " did not answer " + call + " within " + requestTimeoutMs
                                            + " ms (injected by chaos fault " + injected.faultId() + ")")
                            .with("dependency", name);
            };
        }
        if (failure instanceof TimeoutException) {
            return new ApiError(
                            504,
                            "dependency_timeout",
                            name + " did not answer " + call + " within " + requestTimeoutMs + " ms")
                    .with("dependency", name);
        }
        if (failure instanceof ConnectionPoolTooBusyException) {
            return new ApiError(
                            503,
                            "dependency_busy",
                            "too many calls waiting for a connection to " + name + " (pool " + options.maxPoolSize()
                                    + ", queue " + options.maxWaitQueue() + ")")
                    .with("dependency", name);
        }
        if (failure instanceof ConnectException) {
            return new ApiError(
                            503,
                            "dependency_unavailable",
                            name + " refused the connection at " + baseUrl + " (" + failure.getMessage() + ")")
                    .with("dependency", name);
        }
        return new ApiError(
                        502,
                        "dependency_failed",
                        name + " dropped " + call + " without an answer ("
                                + failure.getClass().getSimpleName()
                                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")")
                .with("dependency", name);
    }

    private static JsonObject parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return body.toJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public void close() {
        client.close();
    }
}
