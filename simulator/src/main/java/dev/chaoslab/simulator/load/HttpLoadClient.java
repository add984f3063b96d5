package dev.chaoslab.simulator.load;

import dev.chaoslab.telemetry.ServiceTelemetry;
import io.netty.handler.codec.http.HttpUtil;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends the simulator's requests over Vert.x HTTP/1.1 connections and starts the trace of each. The connections
 * to each target are kept by an {@link OriginConnections} (at most {@link LoadOptions#maxConnections()} per
 * target, idle ones reused most-recent first) rather than Vert.x's pool, which costs too much per request at the
 * rates a lane sends.
 *
 * <p>Each request gets a CLIENT span carrying the run's attributes (run id, scenario, phase, request kind)
 * and the HTTP semantic-convention attributes, and its context is propagated in {@code traceparent}. The
 * span is started here rather than by Vert.x: with {@link TracingPolicy#ALWAYS} Vert.x would start a root
 * client span too, but its tracer offers no way to put the run's attributes on that span, so the client's
 * own tracing is off ({@link TracingPolicy#IGNORE}) to avoid a second, attribute-less span per request.
 *
 * <p>Confined to one event-loop context (the lane's): {@link #send} from there costs nothing more; from elsewhere
 * it hops onto it. Connections and answers are handled there.
 */
public final class HttpLoadClient {
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    /** How much of an error answer's body is kept (to say why it failed) when the whole body is not wanted. */
    static final int ERROR_BODY_BYTES = 1024;

    private static final TextMapSetter<MultiMap> HEADER_SETTER = (carrier, key, value) -> carrier.set(key, value);

    private final HttpClientAgent client;
    private final io.vertx.core.Context context;
    private final Tracer tracer;
    private final LoadOptions options;
    /** Per target base URL (the scenario's URI instances: one lookup per request, no key built). */
    private final Map<URI, OriginConnections> origins = new HashMap<>();

    private final Deadlines deadlines;

    /** A client that sends from {@code vertx}'s current context (or a new one). */
    public HttpLoadClient(Vertx vertx, LoadOptions options, Tracer tracer) {
        this(vertx, vertx.getOrCreateContext(), options, tracer);
    }

    /**
     * @param context the event-loop context the requests are sent from (a run's lane); {@link #send} called from
     *                elsewhere hops onto it
     */
    public HttpLoadClient(Vertx vertx, io.vertx.core.Context context, LoadOptions options, Tracer tracer) {
        this.options = new LoadOptions(options);
        this.context = context;
        this.deadlines = new Deadlines(context);
        this.tracer = tracer;
        HttpClientOptions http = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(options.connectTimeoutMs())
                .setIdleTimeout(options.idleTimeoutSeconds())
                .setTracingPolicy(TracingPolicy.IGNORE)
                // chaoslab_request_latency_seconds and friends measure every request by scenario, phase and kind
                // already
                .setMetricsName(ServiceTelemetry.UNMEASURED_CLIENT);
        this.client = vertx.createHttpClient(http);
    }

    public LoadOptions options() {
        return options;
    }

    /**
     * Sends one request and completes with its {@link Exchange} (the answer's body kept); never fails: every
     * failure is classified into the exchange.
     *
     * @param runAttributes attributes of the run to put on the client span
     */
    public Future<Exchange> send(OutgoingRequest request, Attributes runAttributes) {
        return send(request, runAttributes, true);
    }

    /**
     * Sends one request and completes with its {@link Exchange}; never fails: every failure is classified into
     * the exchange. Callbacks rather than a chain of composed futures: this runs once per request, at tens of
     * thousands per second, and every stage of a chain is an allocation and a dispatch.
     *
     * @param runAttributes attributes of the run to put on the client span
     * @param keepBody      whether the exchange keeps the answer's body (a journey reads values from it); when
     *                      not, the body is read and discarded without being gathered into a buffer, but for
     *                      the start of an error answer's (at most {@link #ERROR_BODY_BYTES}), which says why
     */
    public Future<Exchange> send(OutgoingRequest request, Attributes runAttributes, boolean keepBody) {
        Promise<Exchange> done = Promise.promise();
        if (Vertx.currentContext() == context) {
            start(request, runAttributes, keepBody, done);
        } else {
            context.runOnContext(v -> start(request, runAttributes, keepBody, done));
        }
        return done.future();
    }

    private void start(OutgoingRequest request, Attributes runAttributes, boolean keepBody, Promise<Exchange> done) {
        Span span = tracer.spanBuilder(request.method().name() + " " + request.template())
                .setSpanKind(SpanKind.CLIENT)
                .setAllAttributes(runAttributes)
                .setAttribute(HTTP_METHOD, request.method().name())
                .setAttribute(URL_FULL, request.fullUrl())
                .setAttribute(URL_TEMPLATE, request.template())
                .setAttribute(SERVER_ADDRESS, request.host())
                .setAttribute(SERVER_PORT, (long) request.port())
                .startSpan();
        Context trace = Context.root().with(span);
        MultiMap headers = request.headers();
        W3CTraceContextPropagator.getInstance().inject(trace, headers, HEADER_SETTER);
        RequestOptions requestOptions = new RequestOptions()
                .setMethod(request.method())
                .setHost(request.host())
                .setPort(request.port())
                .setURI(request.uri())
                .setHeaders(headers);
        if (!HttpUtil.isEncodingSafeStartLineToken(request.uri())) {
            // checked before a connection is leased: Netty would refuse to write it after the stream was opened
            end(
                    done,
                    span,
                    Exchange.failed(
                            new IllegalArgumentException(
                                    "the request URI '" + request.uri()
                                            + "' contains a space or a line break, which HTTP does not allow; percent-encode it (%20)"),
                            0,
                            System.nanoTime(),
                            trace));
            return;
        }
        long timeoutMs = request.timeoutMs() > 0 ? request.timeoutMs() : options.requestTimeoutMs();
        OriginConnections origin = origins.get(request.base());
        if (origin == null) {
            // not computeIfAbsent: its capturing lambda would be an allocation per request on the hot path
            origin = new OriginConnections(
                    context,
                    client,
                    new HttpConnectOptions()
                            .setHost(request.host())
                            .setPort(request.port())
                            .setSsl(request.ssl())
                            .setConnectTimeout(options.connectTimeoutMs()),
                    options.maxConnections(),
                    options.inFlightCap(),
                    options.connectTimeoutMs());
            origins.put(request.base(), origin);
        }
        OriginConnections lease = origin;
        lease.acquire(new OriginConnections.Lease() {
            @Override
            public void granted(HttpClientConnection connection) {
                exchange(lease, connection, requestOptions, request.body(), timeoutMs, keepBody, span, trace, done);
            }

            @Override
            public void failed(Throwable cause, boolean busy) {
                end(
                        done,
                        span,
                        busy
                                ? Exchange.poolBusy(cause, System.nanoTime(), trace)
                                : Exchange.failed(cause, 0, System.nanoTime(), trace));
            }
        });
    }

    /** A request on the wire: reset with a timeout when no answer came within its timeout. */
    private static final class Pending extends Deadlines.Entry {
        final HttpClientRequest request;
        final long timeoutMs;

        Pending(HttpClientRequest request, long timeoutMs) {
            this.request = request;
            this.timeoutMs = timeoutMs;
        }

        @Override
        void expire() {
            request.reset(
                    0,
                    new TimeoutException(
                            "no answer within " + timeoutMs + " ms: " + request.getMethod() + " " + request.getURI()));
        }
    }

    private void exchange(
            OriginConnections origin,
            HttpClientConnection connection,
            RequestOptions requestOptions,
            Buffer body,
            long timeoutMs,
            boolean keepBody,
            Span span,
            Context trace,
            Promise<Exchange> done) {
        connection.request(requestOptions).onComplete(created -> {
            if (created.failed()) {
                origin.release(connection, false);
                end(done, span, Exchange.failed(created.cause(), 0, System.nanoTime(), trace));
                return;
            }
            long sentNanos = System.nanoTime();
            HttpClientRequest req = created.result();
            Future<HttpClientResponse> sending;
            try {
                sending = body == null ? req.send() : req.send(body);
            } catch (RuntimeException unsendable) {
                // e.g. a URI or header Netty refuses to write (a journey value with a space in a path): an error of
                // this
                // request, never of the lane — thrown here it would leave the request in flight for ever
                origin.release(connection, false);
                end(done, span, Exchange.failed(unsendable, 0, System.nanoTime(), trace));
                return;
            }
            Pending pending = new Pending(req, timeoutMs);
            deadlines.add(pending, sentNanos, timeoutMs);
            sending.onComplete(answered -> {
                if (answered.failed()) {
                    deadlines.remove(pending);
                    origin.release(connection, false);
                    end(done, span, Exchange.failed(answered.cause(), sentNanos, System.nanoTime(), trace));
                    return;
                }
                // the head came: the body has its own timeout from now (Vert.x's was an idle timeout, reset by data)
                pending.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000;
                HttpClientResponse resp = answered.result();
                int status = resp.statusCode();
                boolean reusable = reusable(resp);
                // a journey reads values from the whole body; an error's body says why (its start is enough for that)
                Buffer errorHead = !keepBody && status >= 400 ? Buffer.buffer() : null;
                if (errorHead != null) {
                    resp.handler(chunk -> {
                        int room = ERROR_BODY_BYTES - errorHead.length();
                        if (room > 0) {
                            errorHead.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
                        }
                    });
                }
                Future<?> read = keepBody ? resp.body() : resp.end();
                read.onComplete(ended -> {
                    deadlines.remove(pending);
                    origin.release(connection, ended.succeeded() && reusable);
                    end(
                            done,
                            span,
                            ended.succeeded()
                                    ? Exchange.answered(
                                            status,
                                            sentNanos,
                                            System.nanoTime(),
                                            keepBody ? (Buffer) ended.result() : errorHead,
                                            trace)
                                    : Exchange.failed(ended.cause(), sentNanos, System.nanoTime(), trace));
                });
            });
        });
    }

    /** Whether the connection may carry another request after this answer (HTTP/1.1 keep-alive, not refused). */
    private static boolean reusable(HttpClientResponse resp) {
        String connection = resp.getHeader(HttpHeaders.CONNECTION);
        if (resp.version() == HttpVersion.HTTP_1_0) {
            return connection != null && connection.equalsIgnoreCase("keep-alive");
        }
        return connection == null || !connection.equalsIgnoreCase("close");
    }

    private static void end(Promise<Exchange> done, Span span, Exchange exchange) {
        endSpan(span, exchange);
        done.complete(exchange);
    }

    private static void endSpan(Span span, Exchange exchange) {
        if (exchange.status() > 0) {
            span.setAttribute(HTTP_STATUS, (long) exchange.status());
        }
        if (exchange.dropped()) {
            span.setAttribute(ERROR_TYPE, "pool_busy");
            span.setStatus(StatusCode.ERROR, "no connection free and the line for one full");
        } else if (exchange.outcome().isError()) {
            String type = exchange.status() > 0
                    ? Integer.toString(exchange.status())
                    : exchange.outcome().label();
            span.setAttribute(ERROR_TYPE, type);
            span.setStatus(StatusCode.ERROR);
            if (exchange.failure() != null) {
                span.addEvent("exception", exceptionEvent(exchange.failure()));
            }
        }
        span.end();
    }

    /**
     * The span event of a failed exchange, as OpenTelemetry's exception conventions name it, without
     * {@code exception.stacktrace}: {@link Span#recordException} prints the whole stack trace into the span, which
     * cost 19–23 µs per request sent on the lanes' event loops in the profile of an overloaded run (most requests
     * failing after waiting too long for a connection), and the stack of a client-side timeout or refused connection
     * says nothing about the target.
     */
    private static Attributes exceptionEvent(Throwable failure) {
        String message = failure.getMessage();
        return message == null
                ? Attributes.of(EXCEPTION_TYPE, failure.getClass().getName())
                : Attributes.of(EXCEPTION_TYPE, failure.getClass().getName(), EXCEPTION_MESSAGE, message);
    }

    /** Closes every connection (on the client's context) and the client. */
    public Future<Void> close() {
        Promise<Void> closed = Promise.promise();
        context.runOnContext(v -> {
            origins.values().forEach(OriginConnections::close);
            client.close().onComplete(closed);
        });
        return closed.future();
    }
}
