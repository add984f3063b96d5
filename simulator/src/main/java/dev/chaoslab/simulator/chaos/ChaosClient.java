package dev.chaoslab.simulator.chaos;

import dev.chaoslab.simulator.scenario.ChaosStep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;

/**
 * Calls a target's chaos API ({@code /chaos/faults}, see docs/contracts.md). Every call has a timeout, so a
 * dead target fails the call instead of holding the run. Targets exposed beyond loopback (as in the Docker
 * stack) require {@code Authorization: Bearer <CHAOS_TOKEN>} on changes: the same variable configures both
 * sides.
 */
public final class ChaosClient {
    public static final int DEFAULT_TIMEOUT_MS = 3_000;

    private final WebClient client;
    private final int timeoutMs;
    private final String authorization;

    /** A client that sends the token of the {@code CHAOS_TOKEN} environment variable, when it is set. */
    public ChaosClient(Vertx vertx, int timeoutMs) {
        this(vertx, timeoutMs, System.getenv("CHAOS_TOKEN"));
    }

    /** @param token the targets' chaos token, sent as a bearer token; {@code null} or blank sends none */
    public ChaosClient(Vertx vertx, int timeoutMs, String token) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be > 0, was " + timeoutMs);
        }
        this.timeoutMs = timeoutMs;
        this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.trim();
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setConnectTimeout(timeoutMs)
                        // a redirect could lead to a host the allow-list refuses, carrying the chaos token: never
                        // follow one
                        .setFollowRedirects(false)
                        .setIdleTimeout(timeoutMs)
                        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                        .setKeepAlive(false));
    }

    /** POST /chaos/faults; completes with the stored fault (with its {@code id}). */
    public Future<JsonObject> apply(URI target, JsonObject fault) {
        return authorized(client.postAbs(url(target, "/chaos/faults")))
                .timeout(timeoutMs)
                .sendJsonObject(fault)
                .compose(resp -> resp.statusCode() == 201 || resp.statusCode() == 200
                        ? Future.succeededFuture(resp.bodyAsJsonObject())
                        : Future.failedFuture(refusal("apply", target, resp)));
    }

    /** DELETE /chaos/faults/:id; a fault that is already gone (404, e.g. its TTL ran out) counts as removed. */
    public Future<Void> remove(URI target, String faultId) {
        return authorized(client.deleteAbs(url(target, "/chaos/faults/" + faultId)))
                .timeout(timeoutMs)
                .send()
                .compose(resp -> resp.statusCode() / 100 == 2 || resp.statusCode() == 404
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(refusal("remove", target, resp)));
    }

    /** DELETE /chaos/faults?label.run_id=…; completes with the number of faults removed. */
    public Future<Integer> clearRun(URI target, String runId) {
        return authorized(client.deleteAbs(url(target, "/chaos/faults")))
                .addQueryParam("label." + ChaosStep.RUN_ID_LABEL, runId)
                .timeout(timeoutMs)
                .send()
                .compose(resp -> resp.statusCode() / 100 == 2
                        ? Future.succeededFuture(removedCount(resp))
                        : Future.failedFuture(refusal("clear", target, resp)));
    }

    public Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }

    private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
        return authorization == null ? request : request.putHeader("Authorization", authorization);
    }

    private static int removedCount(HttpResponse<Buffer> resp) {
        try {
            JsonObject body = resp.bodyAsJsonObject();
            return body == null ? 0 : body.getInteger("removed", 0);
        } catch (RuntimeException notJson) {
            return 0;
        }
    }

    private static String url(URI target, String path) {
        String base = target.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private static IllegalStateException refusal(String what, URI target, HttpResponse<Buffer> resp) {
        String body = resp.bodyAsString();
        if (body != null && body.length() > 500) {
            body = body.substring(0, 500) + "…";
        }
        return new IllegalStateException("chaos API of " + target + " refused to " + what + " the fault: HTTP "
                + resp.statusCode() + (body == null ? "" : " " + body));
    }
}
