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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's Alertmanager webhook receiver: an HTTP server that records every notification posted to
 * {@code POST /alertmanager/<receiver>} (Alertmanager's webhook payload, version 4, as {@code application/json}) for
 * the notification verdicts. Anything else is answered with a 4xx and a JSON error and not recorded: a body that is
 * not such a payload 400, another method 405, a declared content type other than JSON 415, a body over 1 MB 413, another path 404. It
 * keeps the latest {@value #DEFAULT_CAPACITY} notifications, so a long-lived {@code serve} stays bounded.
 *
 * <p>Thread-safe: notifications are appended on the event loop and read from anywhere.
 */
public final class AlertmanagerWebhook {

    /** The path prefix; the receiver's name follows it. */
    public static final String PATH = "/alertmanager/";
    /** Alertmanager sends a few KB per group; larger bodies are refused. */
    static final long MAX_BODY_BYTES = 1 << 20;
    /** How many notifications are kept at most; older ones are dropped first. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final HttpServer server;
    private final String host;
    private final Received received;

    private AlertmanagerWebhook(HttpServer server, String host, Received received) {
        this.server = server;
        this.host = host;
        this.received = received;
    }

    /** Starts the receiver on {@code host} (a loopback address unless the stack needs more) and a free port. */
    public static Future<AlertmanagerWebhook> start(Vertx vertx, String host, Clock clock) {
        return start(vertx, host, 0, clock);
    }

    /** Starts the receiver on {@code host}:{@code port} (0: a free port); fails when the port is taken. */
    public static Future<AlertmanagerWebhook> start(Vertx vertx, String host, int port, Clock clock) {
        return start(vertx, host, port, clock, DEFAULT_CAPACITY);
    }

    static Future<AlertmanagerWebhook> start(Vertx vertx, String host, int port, Clock clock, int capacity) {
        Received received = new Received(capacity);
        Router router = Router.router(vertx);
        router.post(PATH + ":receiver")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(AlertmanagerWebhook::jsonOnly)
                .handler(ctx -> receive(ctx, received, clock));
        router.route().failureHandler(AlertmanagerWebhook::refuse);
        router.errorHandler(404, ctx -> error(ctx, 404, "not found; POST " + PATH + "<receiver>"));
        router.errorHandler(405, ctx -> error(ctx, 405, "only POST " + PATH + "<receiver>"));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(port, host)
                .map(server -> new AlertmanagerWebhook(server, host, received));
    }

    /** A body declared as anything but JSON is refused; Alertmanager sends application/json. */
    private static void jsonOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (type != null && !type.strip().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(ctx, 415, "the body must be application/json, not " + type);
            return;
        }
        ctx.next();
    }

    private static void receive(RoutingContext ctx, Received sink, Clock clock) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("empty body; expected Alertmanager's webhook JSON");
            }
            sink.add(parse(body, clock.instant()));
            ctx.response().setStatusCode(200).end();
        } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
            error(ctx, 400, "not an Alertmanager webhook payload: " + e.getMessage());
        }
    }

    /** A failed request (too large, wrong content type, or anything thrown) gets its 4xx; never a 500. */
    private static void refuse(RoutingContext ctx) {
        int status = ctx.statusCode();
        String message = switch (status) {
            case 413 -> "the body is larger than " + MAX_BODY_BYTES + " bytes";
            case 415 -> "the body must be application/json";
            case 404, 405 -> "only POST " + PATH + "<receiver>";
            default -> "not an Alertmanager webhook payload";
        };
        error(ctx, status >= 400 && status < 500 ? status : 400, message);
    }

    private static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).encode());
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
            if (a == null) {
                throw new IllegalArgumentException("alerts[" + i + "] is null");
            }
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
        Object v = o.getValue(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        if (!(v instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(key + " must be a non-empty string");
        }
        return text;
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

    /** The notifications kept (the latest {@value #DEFAULT_CAPACITY} at most), in arrival order. */
    public List<Notification> notifications() {
        return received.all();
    }

    /** A bounded, thread-safe log of notifications: the oldest is dropped when it is full. */
    private static final class Received {
        private final int capacity;
        private final ArrayDeque<Notification> kept = new ArrayDeque<>();

        Received(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            this.capacity = capacity;
        }

        synchronized void add(Notification n) {
            if (kept.size() == capacity) {
                kept.removeFirst();
            }
            kept.addLast(n);
        }

        synchronized List<Notification> all() {
            return List.copyOf(kept);
        }
    }

    public Future<Void> close() {
        return server.close();
    }
}
