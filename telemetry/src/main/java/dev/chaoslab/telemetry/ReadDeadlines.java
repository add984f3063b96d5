package dev.chaoslab.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP/1.x connections whose client reads too slowly: a request head must be complete within the head
 * deadline of the connection opening (within the keep-alive deadline of the previous answer on a kept-alive
 * connection, however slowly its bytes arrive), and a body, once the server starts reading it, within the body
 * deadline plus its declared length at the minimum rate. A late body is answered 408 with {@code Connection: close}
 * (when no answer has started yet) and the connection closed; a late head gets a close. Each is counted in
 * {@code http.server.read.timeouts} (tags {@code server}, {@code phase} = head or body) and logged at WARN the
 * first time per server, at DEBUG after. Idle timeouts alone do not do this: a client sending one byte a minute is
 * never idle.
 *
 * <p>Create the server with {@link #createServer}; mark where a route starts reading a body with {@link #reading}
 * (or {@link #bodyStarts} where a body is streamed without a router handler), so a request the server itself holds
 * back (a fault's delay before reading) is never mistaken for a slow client. Create the servers from the
 * verticle's {@code start}, so the check timer ends with the verticle.
 */
public final class ReadDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(ReadDeadlines.class);

    /** How long a connection may take to deliver its first request head, by default (docs/security.md). */
    public static final long DEFAULT_HEAD_MS = 10_000;
    /** How long a request body may take once read, plus a second per 16 KiB, by default (docs/security.md). */
    public static final long DEFAULT_BODY_MS = 30_000;
    /** The shortest head or body deadline a server may be given: a client on a slow network still gets across. */
    public static final long MIN_MS = 100;
    /** The longest head or body deadline a server may be given: beyond it a slow client holds a connection at will. */
    public static final long MAX_MS = 600_000;

    /**
     * {@code ms} when it is a head or body deadline a server may be given ({@link #MIN_MS}..{@link #MAX_MS});
     * otherwise an {@link IllegalArgumentException} naming {@code what} and the range.
     */
    public static long checkedMs(String what, long ms) {
        if (ms < MIN_MS || ms > MAX_MS) {
            throw new IllegalArgumentException("the " + what + " must be " + MIN_MS + ".." + MAX_MS + " ms, not " + ms);
        }
        return ms;
    }

    /**
     * The deadlines: {@code head} for the first request head of a connection, {@code keepAlive} for the next head
     * after an answer, {@code body} plus {@code length / minBytesPerSecond} for a body once reading it started.
     */
    public record Options(Duration head, Duration keepAlive, Duration body, long minBytesPerSecond) {
        public Options {
            if (head.isNegative() || head.isZero() || keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("head and keep-alive deadlines must be > 0");
            }
            if (body.isNegative() || body.isZero() || minBytesPerSecond <= 0) {
                throw new IllegalArgumentException("the body deadline and minimum rate must be > 0");
            }
        }

        /** 10 s for a head, 30 s plus one second per 16 KiB for a body, {@code keepAlive} between requests. */
        public static Options defaults(Duration keepAlive) {
            return new Options(
                    Duration.ofMillis(DEFAULT_HEAD_MS), keepAlive, Duration.ofMillis(DEFAULT_BODY_MS), 16 * 1024);
        }
    }

    private final Options options;
    private final String server;
    private final Counter headTimeouts;
    private final Counter bodyTimeouts;
    private final Map<HttpConnection, Exchange> connections = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicBoolean checking = new AtomicBoolean();

    /** Deadlines for the server named {@code server} (a metric tag), counted in {@code registry} when not null. */
    public ReadDeadlines(Options options, String server, MeterRegistry registry) {
        this.options = options;
        this.server = server;
        this.headTimeouts = registry == null ? null : counter(registry, server, "head");
        this.bodyTimeouts = registry == null ? null : counter(registry, server, "body");
    }

    private static Counter counter(MeterRegistry registry, String server, String phase) {
        return Counter.builder("http.server.read.timeouts")
                .description("connections closed because a request head or body arrived too slowly")
                .tag("server", server)
                .tag("phase", phase)
                .register(registry);
    }

    /**
     * Creates a server with {@code options} that watches every connection and hands each request to {@code handler}.
     * The server speaks HTTP/1.x only: cleartext HTTP/2 is switched off, as Vert.x detects it by reading the first
     * bytes before a connection exists, which no deadline could reach. The check timer (one per instance, however
     * many servers) runs on the caller's context and ends with its verticle.
     */
    public HttpServer createServer(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
        if (checking.compareAndSet(false, true)) {
            long period = Math.max(50, Math.min(1000, shortest() / 4));
            vertx.setPeriodic(period, id -> check(System.nanoTime()));
        }
        return vertx.createHttpServer(new HttpServerOptions(options).setHttp2ClearTextEnabled(false))
                .connectionHandler(connection -> {
                    connections.put(connection, new Exchange(System.nanoTime()));
                    connection.closeHandler(v -> connections.remove(connection));
                })
                .requestHandler(request -> {
                    Exchange exchange = connections.get(request.connection());
                    if (exchange != null) {
                        exchange.request = request;
                        exchange.bodySince = 0;
                        exchange.answeredSince = 0;
                    }
                    handler.handle(request);
                });
    }

    /** A router handler that starts the body deadline of the request, then passes it on to {@code next}. */
    public Handler<RoutingContext> reading(Handler<RoutingContext> next) {
        return ctx -> {
            bodyStarts(ctx.request());
            next.handle(ctx);
        };
    }

    /** Starts the body deadline of {@code request}: the server reads its body from now on. */
    public void bodyStarts(HttpServerRequest request) {
        Exchange exchange = connections.get(request.connection());
        // by connection, not identity: a router hands its handlers a wrapper of the request (one at a time in HTTP/1)
        if (exchange != null && exchange.request != null && exchange.bodySince == 0) {
            exchange.bodySince = System.nanoTime();
        }
    }

    private long shortest() {
        return Math.min(options.head().toMillis(), options.body().toMillis());
    }

    private void check(long now) {
        connections.forEach((connection, exchange) -> {
            HttpServerRequest request = exchange.request;
            if (request == null) {
                if (now - exchange.openedAt > options.head().toNanos()) {
                    abort(
                            connection,
                            null,
                            "head",
                            "its first request head did not arrive within "
                                    + options.head().toMillis() + " ms");
                }
            } else if (!request.isEnded()) {
                if (exchange.bodySince == 0 && request.response().ended()) {
                    // answered without reading the body: the rest of it must still arrive in time
                    exchange.bodySince = now;
                } else if (exchange.bodySince != 0 && now - exchange.bodySince > bodyDeadlineNanos(request)) {
                    abort(
                            connection,
                            request,
                            "body",
                            "its request body did not arrive within " + bodyDeadlineNanos(request) / 1_000_000 + " ms");
                }
            } else if (request.response().ended()) {
                if (exchange.answeredSince == 0) {
                    exchange.answeredSince = now;
                } else if (now - exchange.answeredSince > options.keepAlive().toNanos()) {
                    // no counting: a kept-alive connection without a next request looks like this too
                    connections.remove(connection);
                    connection.close();
                }
            }
        });
    }

    private long bodyDeadlineNanos(HttpServerRequest request) {
        long length = 0;
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                length = Math.max(0, Long.parseLong(declared.trim()));
            } catch (NumberFormatException e) {
                // a malformed length was refused by the server already; the base deadline applies
            }
        }
        // a length past any body limit is refused by the route (413); a day bounds the arithmetic
        long extraSeconds = Math.min(length / options.minBytesPerSecond(), 86_400);
        return options.body().toNanos() + Duration.ofSeconds(extraSeconds).toNanos();
    }

    private void abort(HttpConnection connection, HttpServerRequest request, String phase, String why) {
        connections.remove(connection);
        Counter counter = phase.equals("head") ? headTimeouts : bodyTimeouts;
        if (counter != null) {
            counter.increment();
        }
        String remote = String.valueOf(connection.remoteAddress());
        if (warned.compareAndSet(false, true)) {
            LOG.warn(
                    "{}: closed a connection from {} because {} (later ones are counted in"
                            + " http_server_read_timeouts_total and logged at DEBUG)",
                    server,
                    remote,
                    why);
        } else {
            LOG.debug("{}: closed a connection from {} because {}", server, remote, why);
        }
        HttpServerResponse response = request == null ? null : request.response();
        if (response != null && !response.headWritten() && !response.closed()) {
            response.setStatusCode(408)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject()
                            .put("error", "request_timeout")
                            .put("message", "the request " + phase + " arrived too slowly; send it at once")
                            .encode())
                    .onComplete(done -> connection.close());
        } else {
            connection.close();
        }
    }

    /** What one connection is doing: waiting for a head, reading a body, or answered and kept alive. */
    private static final class Exchange {
        final long openedAt;
        volatile HttpServerRequest request;
        volatile long bodySince;
        volatile long answeredSince;

        Exchange(long openedAt) {
            this.openedAt = openedAt;
        }
    }
}
