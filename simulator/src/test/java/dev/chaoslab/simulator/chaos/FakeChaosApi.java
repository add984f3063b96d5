package dev.chaoslab.simulator.chaos;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for a target's chaos API (docs/contracts.md): stores faults, answers like the real one,
 * and records every call, for engine tests that must not depend on the targets module.
 */
public final class FakeChaosApi {
    private final Map<String, JsonObject> faults = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<JsonObject> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Promise<JsonObject> firstApplied = Promise.promise();
    private volatile boolean diesAfterFirstApply;
    private volatile HttpServer server;

    public static FakeChaosApi start(Vertx vertx) {
        FakeChaosApi api = new FakeChaosApi();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.post("/chaos/faults").handler(ctx -> {
            JsonObject fault = ctx.body().asJsonObject().copy().put("id", "f-" + api.ids.incrementAndGet());
            api.calls.add("POST /chaos/faults");
            api.posted.add(fault);
            api.faults.put(fault.getString("id"), fault);
            api.firstApplied.tryComplete(fault);
            ctx.response()
                    .setStatusCode(201)
                    .putHeader("content-type", "application/json")
                    .end(fault.encode())
                    .onComplete(sent -> {
                        HttpServer server = api.server;
                        if (api.diesAfterFirstApply && server != null) {
                            server.close();
                        }
                    });
        });
        router.get("/chaos/faults")
                .handler(ctx ->
                        ctx.json(new JsonObject().put("faults", new JsonArray(List.copyOf(api.faults.values())))));
        router.delete("/chaos/faults/:id").handler(ctx -> {
            api.calls.add("DELETE /chaos/faults/" + ctx.pathParam("id"));
            boolean found = api.faults.remove(ctx.pathParam("id")) != null;
            ctx.response().setStatusCode(found ? 204 : 404).end();
        });
        router.delete("/chaos/faults").handler(ctx -> {
            String runId = ctx.request().getParam("label.run_id");
            api.calls.add("DELETE /chaos/faults?label.run_id=" + runId);
            int before = api.faults.size();
            api.faults
                    .values()
                    .removeIf(f -> runId == null
                            || runId.equals(
                                    f.getJsonObject("labels", new JsonObject()).getString("run_id")));
            ctx.json(new JsonObject().put("removed", before - api.faults.size()));
        });
        api.server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        return api;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    public int port() {
        return server.actualPort();
    }

    /** Faults currently stored. */
    public Map<String, JsonObject> faults() {
        return Map.copyOf(faults);
    }

    /** Every fault body received by POST, with the id given. */
    public List<JsonObject> posted() {
        return List.copyOf(posted);
    }

    /** "METHOD path" of every mutating call, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Completes when the first fault is applied. */
    public Future<JsonObject> firstApplied() {
        return firstApplied.future();
    }

    /**
     * Makes this target die (stop answering, as {@link #kill}) as soon as it has answered its first fault: a target
     * that goes away while a fault is applied, whatever the machine's load.
     */
    public FakeChaosApi diesAfterFirstApply() {
        diesAfterFirstApply = true;
        return this;
    }

    /** Stops answering (the target died). Idempotent. */
    public void kill() {
        if (server != null) {
            server.close().await();
            server = null;
        }
    }
}
