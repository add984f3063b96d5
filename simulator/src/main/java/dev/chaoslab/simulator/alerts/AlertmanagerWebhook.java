package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulator's Alertmanager webhook receiver: an HTTP server that records every notification posted to
 * {@code POST /alertmanager/<receiver>} (Alertmanager's webhook payload, version 4) for the notification
 * verdicts. A body that is not such a payload is answered 400 with a JSON error and not recorded.
 *
 * <p>Thread-safe: notifications are appended on the event loop and read from anywhere.
 */
public final class AlertmanagerWebhook {

    /** The path prefix; the receiver's name follows it. */
    public static final String PATH = "/alertmanager/";
    /** Alertmanager sends a few KB per group; larger bodies are refused. */
    static final long MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final String host;
    private final List<Notification> received;

    private AlertmanagerWebhook(HttpServer server, String host, List<Notification> received) {
        this.server = server;
        this.host = host;
        this.received = received;
    }

    /** Starts the receiver on {@code host} (a loopback address unless the stack needs more) and a free port. */
    public static Future<AlertmanagerWebhook> start(Vertx vertx, String host, Clock clock) {
        List<Notification> received = new CopyOnWriteArrayList<>();
        Router router = Router.router(vertx);
        router.post(PATH + ":receiver")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(ctx -> receive(ctx, received, clock));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, host)
                .map(server -> new AlertmanagerWebhook(server, host, received));
    }

    private static void receive(RoutingContext ctx, List<Notification> sink, Clock clock) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("empty body; expected Alertmanager's webhook JSON");
            }
            sink.add(parse(body, clock.instant()));
            ctx.response().setStatusCode(200).end();
        } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("content-type", "application/json")
                    .end(new JsonObject()
                            .put("error", "not an Alertmanager webhook payload: " + e.getMessage())
                            .encode());
        }
    }

    /** Reads a version 4 payload; throws IllegalArgumentException naming the field that is wrong. */
    static Notification parse(JsonObject body, Instant receivedAt) {
        String version = body.getString("version");
        if (!"4".equals(version)) {
            throw new IllegalArgumentException("version is " + version + ", expected \"4\"");
        }
        String receiver = required(body, "receiver");
        String status = required(body, "status");
        JsonArray alerts = body.getJsonArray("alerts");
        if (alerts == null) {
            throw new IllegalArgumentException("alerts is missing");
        }
        List<Notification.Alert> parsed = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonObject a = alerts.getJsonObject(i);
            parsed.add(new Notification.Alert(
                    required(a, "status"),
                    strings(a.getJsonObject("labels")),
                    strings(a.getJsonObject("annotations")),
                    instant(a.getString("startsAt"), "alerts[" + i + "].startsAt")));
        }
        return new Notification(
                receivedAt,
                receiver,
                status,
                body.getString("groupKey", ""),
                strings(body.getJsonObject("groupLabels")),
                parsed);
    }

    private static String required(JsonObject o, String key) {
        String v = o.getString(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return v;
    }

    private static Map<String, String> strings(JsonObject o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            o.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return out;
    }

    private static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an RFC 3339 time: " + value);
        }
    }

    /** The base URL of the receiver; a receiver named {@code r} is at {@code url() + PATH + r}. */
    public String url() {
        return "http://" + host + ":" + server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    /** Every notification received so far, in arrival order. */
    public List<Notification> notifications() {
        return List.copyOf(received);
    }

    public Future<Void> close() {
        return server.close();
    }
}
