package dev.chaoslab.telemetry;

import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.LogFields;
import dev.chaoslab.telemetry.logging.ServiceNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The telemetry of one service: a Prometheus meter registry (common tag {@code service}), an OpenTelemetry
 * SDK of its own ({@code service.name}), and the Vert.x instance wired to both.
 *
 * <p>Several services may live in one JVM (the all-in-one mode): each gets its own {@code ServiceTelemetry},
 * hence its own registry, SDK and Vert.x instance; no global OpenTelemetry is registered.
 *
 * <pre>{@code
 * ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnv("orders"));
 * Vertx vertx = telemetry.newVertx(new VertxOptions());
 * Router router = Router.router(vertx);
 * telemetry.installAccessLog(router);
 * router.get("/metrics").handler(telemetry.metricsHandler());
 * …
 * vertx.close().await();   // first the Vert.x instance (its last spans end)…
 * telemetry.close();       // …then the SDK flushes them
 * }</pre>
 *
 * <p>Thread safety: all methods may be called from any thread; {@link #close()} blocks (up to
 * {@link #DEFAULT_CLOSE_TIMEOUT}) and belongs in {@code main}, a shutdown hook or a test, not on an event loop.
 */
public final class ServiceTelemetry implements AutoCloseable {

    /**
     * Bucket boundaries of the HTTP server and client latency histograms: fine around typical SLOs
     * (50–500 ms), bounded by the longest timeouts (10 s).
     */
    public static final List<Duration> DEFAULT_LATENCY_BUCKETS = List.of(
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    /**
     * The metrics name ({@code HttpClientOptions.setMetricsName}) of an HTTP client that Vert.x must not measure:
     * one whose owner records richer metrics of its own per request (the simulator's load client), where
     * Vert.x's per-request client meters would only add cost and duplicate series.
     */
    public static final String UNMEASURED_CLIENT = "chaoslab-unmeasured";

    /**
     * Labels on Vert.x metrics: Vert.x's defaults (method, code, pool type and name, event bus side) plus
     * {@code route} on server metrics and {@code client_name} on client metrics (the client's
     * {@code setMetricsName}, e.g. the downstream service; empty when unset). Never {@code remote}: on
     * a server it is the caller's ephemeral port, one series per connection.
     */
    public static final EnumSet<Label> DEFAULT_LABELS = EnumSet.of(
            Label.HTTP_METHOD,
            Label.HTTP_CODE,
            Label.HTTP_ROUTE,
            Label.CLIENT_NAME,
            Label.POOL_TYPE,
            Label.POOL_NAME,
            Label.EB_SIDE);
    /** Server paths that are not traced: scrapes and probes (they are still measured and access-logged). */
    public static final Set<String> DEFAULT_UNTRACED_PATHS = Set.of("/metrics", "/health", "/ready");
    /** Access log lines of the service dropped because the asynchronous log queue was full. */
    public static final String LOG_LINES_DROPPED = "chaoslab.log.lines.dropped";
    /** How long {@link #close()} waits for the last spans to be exported (and, before, for the last access log lines). */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Meter names (Micrometer's dotted form) whose timings get {@link #DEFAULT_LATENCY_BUCKETS}. */
    static final List<String> LATENCY_TIMERS =
            List.of("vertx.http.server.response.time", "vertx.http.client.response.time");

    private static final Logger LOG = LoggerFactory.getLogger(ServiceTelemetry.class);

    static {
        // The OpenTelemetry SDK and a few libraries log through java.util.logging: route them into the JSON log.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        OtlpExporterLoggers.silence();
        LogFields.register();
    }

    private final TelemetryOptions options;
    private final String serviceName;
    private final MeterRegistry registry;
    private final OpenTelemetrySdk sdk;
    /** The spans of the Vert.x instances' tracer, made with {@link #sdk}'s parts; {@code null} without an SDK. */
    private final HttpSpans httpSpans;

    private final List<WarnOnceSpanExporter> exporters;
    private final List<Vertx> instances = new CopyOnWriteArrayList<>();
    private final HttpServerMeters serverMeters;
    private final ResponseAccessLog accessLog;
    private final Map<String, HttpClientMeters> clientMeters = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceTelemetry(
            TelemetryOptions options,
            MeterRegistry registry,
            OpenTelemetrySdk sdk,
            HttpSpans httpSpans,
            List<WarnOnceSpanExporter> exporters) {
        this.options = options;
        this.serviceName = options.serviceName();
        this.registry = registry;
        this.sdk = sdk;
        this.httpSpans = httpSpans;
        this.exporters = exporters;
        this.serverMeters = new HttpServerMeters(registry);
        this.accessLog = new ResponseAccessLog(options.instrumentation());
    }

    /** Builds the registry and the SDK of one service. With telemetry off, both are no-ops. */
    public static ServiceTelemetry create(TelemetryOptions options) {
        String name = options.serviceName();
        if (!options.enabled()) {
            LOG.info("Telemetry of service {} is off: no metrics, no traces, no access log", name);
            return new ServiceTelemetry(options, new CompositeMeterRegistry(), null, null, List.of());
        }
        PrometheusMeterRegistry registry =
                new ServiceMeterRegistry(new PrometheusRegistry(), new ExemplarSpanContext(), CoarseWallClock.shared());
        registry.config().commonTags("service", name).meterFilter(latencyBuckets());
        List<WarnOnceSpanExporter> exporters = new CopyOnWriteArrayList<>();
        OpenTelemetrySdk sdk = null;
        HttpSpans httpSpans = null;
        if (options.instrumentation() == Instrumentation.AGENT) {
            LOG.info(
                    "Telemetry of service {}: metrics on /metrics, spans by the OpenTelemetry Java agent ({}=agent): "
                            + "the service's own tracing is off",
                    name,
                    Instrumentation.VARIABLE);
        } else {
            HttpSpans.Parts parts = new HttpSpans.Parts();
            sdk = buildSdk(options, exporters, parts);
            httpSpans = parts.spans(sdk.getSdkTracerProvider(), AnchoredWallClock.system());
            String endpoint = options.tracesEndpoint();
            LOG.info(
                    "Telemetry of service {}: metrics on /metrics, spans {}",
                    name,
                    endpoint == null
                            ? "made but not exported (set OTEL_EXPORTER_OTLP_ENDPOINT to export them)"
                            : "exported to " + endpoint);
        }
        ServiceTelemetry telemetry = new ServiceTelemetry(options, registry, sdk, httpSpans, exporters);
        // state = the telemetry itself: Micrometer holds it weakly, and it lives as long as its registry
        FunctionCounter.builder(LOG_LINES_DROPPED, telemetry, t -> AsyncLogAppender.dropped(t.serviceName))
                .description(
                        "Log lines dropped because the asynchronous log queue was full (see CHAOSLAB_ACCESS_LOG_QUEUE)")
                .register(registry);
        return telemetry;
    }

    /** Gives the timers of {@link #LATENCY_TIMERS} the buckets of {@link #DEFAULT_LATENCY_BUCKETS}. */
    static MeterFilter latencyBuckets() {
        double[] slos =
                DEFAULT_LATENCY_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER && LATENCY_TIMERS.contains(id.getName())) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(false)
                            .serviceLevelObjectives(slos)
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }

    /**
     * The service's SDK, as {@code OTEL_*} configure it, with {@code parts} collecting what {@link HttpSpans} needs
     * of it (its resource, its span processors).
     */
    private static OpenTelemetrySdk buildSdk(
            TelemetryOptions options, List<WarnOnceSpanExporter> exporters, HttpSpans.Parts parts) {
        Map<String, String> properties = options.otelProperties();
        String name = options.serviceName();
        String endpoint = options.tracesEndpoint();
        AttributeKey<String> namespace = AttributeKey.stringKey("service.namespace");
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesCustomizer(config -> properties)
                .addResourceCustomizer((resource, config) -> resource.getAttribute(namespace) != null
                        ? resource
                        : resource.merge(Resource.builder()
                                .put(namespace, TelemetryOptions.DEFAULT_SERVICE_NAMESPACE)
                                .build()))
                .addResourceCustomizer(parts::resource)
                .addSpanProcessorCustomizer(parts::processor)
                .addTracerProviderCustomizer((tracing, config) ->
                        tracing.addSpanProcessor(new RecordingSpanProcessor()).setClock(AnchoredWallClock.system()))
                .addSpanExporterCustomizer((exporter, config) -> {
                    WarnOnceSpanExporter wrapped = new WarnOnceSpanExporter(
                            exporter, name, endpoint == null ? "the configured exporter" : endpoint);
                    exporters.add(wrapped);
                    return wrapped;
                })
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /**
     * A Vert.x instance whose HTTP server/client, pools and JVM are measured into {@link #registry()} and
     * whose requests are traced with {@link #openTelemetry()} (W3C {@code traceparent} in and out).
     * {@code base} is copied; its metrics and tracing options are replaced. One per service.
     */
    public Vertx newVertx(VertxOptions base) {
        VertxOptions vertxOptions = new VertxOptions(base);
        Vertx vertx;
        if (!options.enabled()) {
            vertxOptions.setMetricsOptions(null).setTracingOptions(null);
            vertx = Vertx.builder().with(vertxOptions).build();
        } else {
            vertxOptions.setMetricsOptions(new MicrometerMetricsOptions()
                    .setEnabled(true)
                    // Vert.x keeps registries in a static map by this name: make it unique per service instance.
                    .setRegistryName("chaoslab-" + serviceName + "-" + UUID.randomUUID())
                    .setLabels(DEFAULT_LABELS)
                    .setJvmMetricsEnabled(true));
            var builder = Vertx.builder()
                    .with(vertxOptions)
                    .withMetrics(ServerSpanCapture.wrap(
                            new MicrometerMetricsFactory(registry),
                            serverMeters,
                            accessLog,
                            name -> clientMeters.computeIfAbsent(
                                    name == null ? "?" : name, n -> new HttpClientMeters(registry, n))));
            // in agent mode the agent instruments Vert.x itself: a tracer here would trace every request twice
            vertx = (sdk == null ? builder : builder.withTracer(HttpTracer.factory(sdk, httpSpans))).build();
        }
        instances.add(vertx);
        ServiceNames.register(vertx, serviceName, options.sharedProcess());
        return vertx;
    }

    /**
     * {@code GET /metrics}: Prometheus text 0.0.4, or OpenMetrics 1.0.0 (with exemplars) when the
     * {@code Accept} header asks for {@code application/openmetrics-text}. 404 with a JSON body when
     * telemetry is off.
     */
    public Handler<RoutingContext> metricsHandler() {
        return new MetricsHandler(
                registry instanceof PrometheusMeterRegistry prometheus ? prometheus : null, serviceName);
    }

    /**
     * One JSON line per request on logger {@code access} ({@code method}, {@code route}, {@code path},
     * {@code status}, {@code duration_ms}, with the request's {@code trace_id}/{@code span_id}). Call it before adding
     * routes to {@code router}. With the service's own SDK the lines are written when a response ends, for every
     * request of this telemetry's Vert.x instances ({@link #newVertx}), and {@code router} is left as it is; under the
     * Java agent a first route logs the requests {@code router} serves. Does nothing when telemetry is off.
     */
    public void installAccessLog(Router router) {
        if (!options.enabled()) {
            return;
        }
        if (options.instrumentation() == Instrumentation.AGENT) {
            router.route().handler(new AccessLogHandler());
        } else {
            accessLog.start();
        }
    }

    /** Where custom metrics go ({@code chaos_injections_total}, …); a no-op registry when telemetry is off. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * This service's SDK (not registered globally); the agent's through {@link GlobalOpenTelemetry} in
     * {@link Instrumentation#AGENT} mode; {@link OpenTelemetry#noop()} when telemetry is off.
     */
    public OpenTelemetry openTelemetry() {
        if (sdk != null) {
            return sdk;
        }
        return options.enabled() && options.instrumentation() == Instrumentation.AGENT
                ? GlobalOpenTelemetry.get()
                : OpenTelemetry.noop();
    }

    /** A tracer of this service's SDK, e.g. {@code tracer("dev.chaoslab.targets.chaos")}. */
    public Tracer tracer(String instrumentationScope) {
        return openTelemetry().getTracer(instrumentationScope);
    }

    /** The name reported in metrics ({@code service}), traces ({@code service.name}) and logs ({@code service}). */
    public String serviceName() {
        return serviceName;
    }

    /** Span exports that failed so far (all exporters). */
    long spanExportFailures() {
        return exporters.stream().mapToLong(WarnOnceSpanExporter::failures).sum();
    }

    /** The options this telemetry was built from. */
    public TelemetryOptions options() {
        return options;
    }

    /**
     * Writes the access log lines still queued, exports the spans still buffered and closes the SDK and the
     * registry. Close the Vert.x instances first so that their last requests have been logged and their last
     * spans have ended. Blocks for at most twice {@link #DEFAULT_CLOSE_TIMEOUT}. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!AsyncLogAppender.flushAll(DEFAULT_CLOSE_TIMEOUT)) {
            LOG.warn(
                    "Telemetry of service {}: the last access log lines could not be written within {} ms",
                    serviceName,
                    DEFAULT_CLOSE_TIMEOUT.toMillis());
        }
        instances.forEach(ServiceNames::unregister);
        instances.clear();
        if (sdk != null) {
            CompletableResultCode done = sdk.shutdown().join(DEFAULT_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!done.isSuccess()) {
                LOG.warn(
                        "Telemetry of service {}: the last spans could not be exported within {} ms",
                        serviceName,
                        DEFAULT_CLOSE_TIMEOUT.toMillis());
            }
        }
        registry.close();
    }
}
