package dev.chaoslab.simulator.load;

import dev.chaoslab.telemetry.ServiceTelemetry;
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
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Sends the simulator's requests over one pooled Vert.x {@link HttpClient} and starts the trace of each.
 *
 * <p>Each request gets a CLIENT span carrying the run's attributes (run id, scenario, phase, request kind)
 * and the HTTP semantic-convention attributes, and its context is propagated in {@code traceparent}. The
 * span is started here rather than by Vert.x: with {@link TracingPolicy#ALWAYS} Vert.x would start a root
 * client span too, but its tracer offers no way to put the run's attributes on that span, so the client's
 * own tracing is off ({@link TracingPolicy#IGNORE}) to avoid a second, attribute-less span per request.
 *
 * <p>Not thread-safe in the sense that matters: call {@link #send} from the run's context, so responses come
 * back on it too (the pool leases connections on the caller's event loop).
 */
public final class HttpLoadClient {
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final TextMapSetter<MultiMap> HEADER_SETTER = (carrier, key, value) -> carrier.set(key, value);

  private final HttpClient client;
  private final Tracer tracer;
  private final LoadOptions options;

  public HttpLoadClient(Vertx vertx, LoadOptions options, Tracer tracer) {
    this.options = new LoadOptions(options);
    this.tracer = tracer;
    HttpClientOptions http = new HttpClientOptions()
      .setKeepAlive(true)
      .setTcpNoDelay(true)
      .setConnectTimeout(options.connectTimeoutMs())
      .setIdleTimeout(options.idleTimeoutSeconds())
      .setTracingPolicy(TracingPolicy.IGNORE)
      // chaoslab_request_latency_seconds and friends measure every request by scenario, phase and kind already
      .setMetricsName(ServiceTelemetry.UNMEASURED_CLIENT);
    PoolOptions pool = new PoolOptions()
      .setHttp1MaxSize(options.maxConnections())
      .setMaxWaitQueueSize(options.inFlightCap());
    this.client = vertx.createHttpClient(http, pool);
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
   *                      not, the body is read and discarded without being gathered into a buffer
   */
  public Future<Exchange> send(OutgoingRequest request, Attributes runAttributes, boolean keepBody) {
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
      .setSsl(request.ssl())
      .setURI(request.uri())
      .setHeaders(headers)
      .setConnectTimeout(options.connectTimeoutMs())
      .setIdleTimeout(request.timeoutMs() > 0 ? request.timeoutMs() : options.requestTimeoutMs());
    Promise<Exchange> done = Promise.promise();
    client.request(requestOptions).onComplete(leased -> {
      if (leased.failed()) {
        Throwable failure = leased.cause();
        end(done, span, failure instanceof ConnectionPoolTooBusyException
          ? Exchange.poolBusy(failure, System.nanoTime(), trace)
          : Exchange.failed(failure, 0, System.nanoTime(), trace));
        return;
      }
      long sentNanos = System.nanoTime();
      HttpClientRequest req = leased.result();
      (request.body() == null ? req.send() : req.send(request.body())).onComplete(answered -> {
        if (answered.failed()) {
          end(done, span, Exchange.failed(answered.cause(), sentNanos, System.nanoTime(), trace));
          return;
        }
        HttpClientResponse resp = answered.result();
        int status = resp.statusCode();
        if (keepBody) {
          resp.body().onComplete(body -> end(done, span, body.succeeded()
            ? Exchange.answered(status, sentNanos, System.nanoTime(), body.result(), trace)
            : Exchange.failed(body.cause(), sentNanos, System.nanoTime(), trace)));
        } else {
          resp.end().onComplete(read -> end(done, span, read.succeeded()
            ? Exchange.answered(status, sentNanos, System.nanoTime(), null, trace)
            : Exchange.failed(read.cause(), sentNanos, System.nanoTime(), trace)));
        }
      });
    });
    return done.future();
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
      span.setStatus(StatusCode.ERROR, "connection pool busy");
    } else if (exchange.outcome().isError()) {
      String type = exchange.status() > 0 ? Integer.toString(exchange.status()) : exchange.outcome().label();
      span.setAttribute(ERROR_TYPE, type);
      span.setStatus(StatusCode.ERROR);
      if (exchange.failure() != null) {
        span.recordException(exchange.failure());
      }
    }
    span.end();
  }

  public Future<Void> close() {
    return client.close();
  }
}
