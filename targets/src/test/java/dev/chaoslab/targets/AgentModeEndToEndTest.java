package dev.chaoslab.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.Instrumentation;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import dev.chaoslab.telemetry.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The targets under the real OpenTelemetry Java agent ({@code -javaagent}, a child JVM, {@code
 * CHAOSLAB_INSTRUMENTATION=agent}): a client span's {@code traceparent} starts one trace that holds every hop of
 * an order exactly once, the access lines carry ids of exported spans, and the latency exemplars name exported
 * traces. The agent jar is copied by the targets build (system property {@code chaoslab.otel.agent}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class AgentModeEndToEndTest {

    private static final int ORDERS = 4;
    /** The agent names every span of the process after it: the shop runs all four services in one JVM here. */
    private static final String SHOP = "shop-under-agent";

    private static final Pattern EXEMPLAR_TRACE = Pattern.compile("# \\{[^}]*trace_id=\"([0-9a-f]{32})\"");

    private OtlpReceiver receiver;
    private ServiceTelemetry clientTelemetry;
    private Process shop;
    private Path shopLog;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) throws IOException {
        receiver = OtlpReceiver.start(vertx).await();
        clientTelemetry =
                ServiceTelemetry.create(TelemetryOptions.fromEnv("test-client").withEnv(receiver.env()));
        client = WebClient.create(vertx);
        shopLog = Files.createTempFile("agent-mode-shop", ".log");
    }

    @AfterEach
    void stop() throws InterruptedException, IOException {
        if (shop != null) {
            shop.destroy();
            if (!shop.waitFor(15, TimeUnit.SECONDS)) {
                shop.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (client != null) {
            client.close();
        }
        if (clientTelemetry != null) {
            clientTelemetry.close();
        }
        if (receiver != null) {
            receiver.close().await();
        }
        if (shopLog != null) {
            Files.deleteIfExists(shopLog);
        }
    }

    @Test
    @DisplayName("under the Java agent each order is one trace from the client's span through all four services, "
            + "each hop traced once, with resolvable ids in access lines and exemplars")
    void oneTracePerRequestUnderTheAgent(Vertx vertx) throws IOException {
        Map<ServiceName, Integer> ports = freePorts();
        shop = startShopUnderAgent(ports);
        String gateway = "http://127.0.0.1:" + ports.get(ServiceName.GATEWAY);
        awaitReady(vertx, gateway + "/ready");
        warmUp(vertx, gateway);

        List<String> traceIds = new ArrayList<>();
        List<String> rootSpanIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            Span root = clientTelemetry
                    .tracer("agent-mode-test")
                    .spanBuilder("place order")
                    .setSpanKind(SpanKind.CLIENT)
                    .startSpan();
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            clientTelemetry
                    .openTelemetry()
                    .getPropagators()
                    .getTextMapPropagator()
                    .inject(Context.root().with(root), headers, MultiMap::set);
            HttpResponse<Buffer> order = placeOrder(gateway, headers, "c-" + i);
            root.end();
            assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
            traceIds.add(root.getSpanContext().getTraceId());
            rootSpanIds.add(root.getSpanContext().getSpanId());
        }

        List<ReceivedSpan> all;
        try {
            all = receiver.awaitSpans(spans -> traceIds.stream().allMatch(id -> complete(spans, id)))
                    .timeout(30, TimeUnit.SECONDS)
                    .await();
        } catch (Exception e) {
            throw new AssertionError(
                    "the traces " + traceIds + " were not complete in 30 s; received: "
                            + receiver.spans().stream()
                                    .map(s -> s.serviceName() + " " + s.kind() + " " + s.name() + " " + s.traceId()
                                            + " " + s.spanId() + "<-" + s.parentSpanId())
                                    .collect(Collectors.joining("\n  ", "\n  ", "")),
                    e);
        }

        // no span from the services' own SDKs: in agent mode only the agent traces
        assertThat(all).extracting(ReceivedSpan::serviceName).containsOnly(SHOP, "test-client");
        for (int i = 0; i < ORDERS; i++) {
            String traceId = traceIds.get(i);
            List<ReceivedSpan> trace =
                    all.stream().filter(s -> s.traceId().equals(traceId)).toList();
            List<ReceivedSpan> servers =
                    trace.stream().filter(s -> s.kind().equals("SERVER")).toList();
            // every hop once: gateway, orders, payments, inventory
            assertThat(servers)
                    .extracting(s -> s.attributes().get("server.port"))
                    .containsExactlyInAnyOrderElementsOf(
                            ports.values().stream().map(String::valueOf).toList());
            assertThat(trace.stream()
                            .filter(s ->
                                    s.kind().equals("CLIENT") && s.serviceName().equals(SHOP)))
                    .hasSize(3);
            // one tree under the client's span
            ReceivedSpan root = only(trace, ReceivedSpan::isRoot);
            assertThat(root.spanId()).isEqualTo(rootSpanIds.get(i));
            assertThat(root.serviceName()).isEqualTo("test-client");
            Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            assertThat(trace)
                    .filteredOn(s -> !s.isRoot())
                    .allSatisfy(s -> assertThat(ids).contains(s.parentSpanId()));
            String gatewayPort = String.valueOf(ports.get(ServiceName.GATEWAY));
            ReceivedSpan gatewayServer =
                    only(servers, s -> s.attributes().get("server.port").equals(gatewayPort));
            assertThat(gatewayServer.parentSpanId()).isEqualTo(root.spanId());
        }

        // every access line of an order carries the trace id and the span id of that hop's exported server span
        Set<String> exportedSpans =
                all.stream().map(s -> s.traceId() + "/" + s.spanId()).collect(Collectors.toSet());
        for (String traceId : traceIds) {
            List<JsonObject> lines = awaitAccessLines(vertx, traceId);
            assertThat(lines)
                    .extracting(l -> l.getString("service"))
                    .containsExactlyInAnyOrder("gateway", "orders", "payments", "inventory");
            assertThat(lines)
                    .allSatisfy(l -> assertThat(exportedSpans).contains(traceId + "/" + l.getString("span_id")));
        }

        // the gateway's latency exemplars name traces the receiver got (the warm-up's too), among them the orders'
        String metrics = client.getAbs(gateway + "/metrics")
                .putHeader("Accept", "application/openmetrics-text; version=1.0.0")
                .send()
                .await()
                .bodyAsString();
        List<String> exemplarLines = metrics.lines()
                .filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket{"))
                .filter(l -> l.contains("route=\"/api/orders\""))
                .filter(l -> EXEMPLAR_TRACE.matcher(l).find())
                .toList();
        assertThat(exemplarLines).isNotEmpty();
        Set<String> exportedTraces =
                receiver.spans().stream().map(ReceivedSpan::traceId).collect(Collectors.toSet());
        List<String> exemplarTraces = new ArrayList<>();
        for (String line : exemplarLines) {
            Matcher m = EXEMPLAR_TRACE.matcher(line);
            assertThat(m.find()).isTrue();
            exemplarTraces.add(m.group(1));
        }
        assertThat(exportedTraces).as("exported traces").containsAll(exemplarTraces);
        assertThat(exemplarTraces).as("exemplars of the orders").containsAnyElementsOf(traceIds);
    }

    private HttpResponse<Buffer> placeOrder(String gateway, MultiMap headers, String customer) {
        return client.postAbs(gateway + "/api/orders")
                .putHeaders(headers)
                .sendJsonObject(new JsonObject()
                        .put("customerId", customer)
                        .put(
                                "items",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("sku", "SKU-001")
                                                .put("quantity", 1))))
                .await();
    }

    /** Untraced orders until one succeeds: the first requests through a cold JVM under the agent can time out. */
    private void warmUp(Vertx vertx, String gateway) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (placeOrder(gateway, MultiMap.caseInsensitiveMultiMap(), "warm-up")
                            .statusCode()
                    == 201) {
                return;
            }
            pause(vertx);
        }
        throw new AssertionError(
                "no order succeeded through the shop under the agent in 60 s; its log:\n" + Files.readString(shopLog));
    }

    private static boolean complete(List<ReceivedSpan> spans, String traceId) {
        List<ReceivedSpan> trace =
                spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
        return trace.stream().anyMatch(ReceivedSpan::isRoot)
                && trace.stream().filter(s -> s.kind().equals("SERVER")).count() >= 4
                && trace.stream()
                                .filter(s -> s.kind().equals("CLIENT")
                                        && s.serviceName().equals(SHOP))
                                .count()
                        >= 3;
    }

    private Process startShopUnderAgent(Map<ServiceName, Integer> ports) throws IOException {
        String agent = System.getProperty("chaoslab.otel.agent");
        assertThat(agent)
                .as("system property chaoslab.otel.agent (set by the targets pom)")
                .isNotNull();
        assertThat(Paths.get(agent)).as("the agent jar copied by the build").isRegularFile();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(
                java.toString(),
                "-javaagent:" + agent,
                "-Xmx256m",
                "-cp",
                classPath,
                TargetsMain.class.getName(),
                "--service",
                "all",
                "--gateway-port",
                String.valueOf(ports.get(ServiceName.GATEWAY)),
                "--orders-port",
                String.valueOf(ports.get(ServiceName.ORDERS)),
                "--payments-port",
                String.valueOf(ports.get(ServiceName.PAYMENTS)),
                "--inventory-port",
                String.valueOf(ports.get(ServiceName.INVENTORY)));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(shopLog.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("OTEL_") || name.startsWith("CHAOSLAB_"));
        env.put(Instrumentation.VARIABLE, Instrumentation.AGENT.id());
        env.put("OTEL_SERVICE_NAME", SHOP);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_BSP_SCHEDULE_DELAY", "50");
        env.put("OTEL_METRICS_EXPORTER", "none");
        env.put("OTEL_LOGS_EXPORTER", "none");
        return builder.start();
    }

    private void awaitReady(Vertx vertx, String url) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (System.nanoTime() < deadline) {
            assertThat(shop.isAlive())
                    .as("the shop under the agent exited; its log:%n%s", Files.readString(shopLog))
                    .isTrue();
            try {
                if (client.getAbs(url).send().await().statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            pause(vertx);
        }
        throw new AssertionError(
                "the shop under the agent was not ready in 100 s; its log:\n" + Files.readString(shopLog));
    }

    /** The access lines of one trace, once all four services have written theirs (asynchronous appender). */
    private List<JsonObject> awaitAccessLines(Vertx vertx, String traceId) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonObject> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.readAllLines(shopLog).stream()
                    .filter(l -> l.startsWith("{"))
                    .map(JsonObject::new)
                    .filter(l -> "access".equals(l.getString("logger")) && traceId.equals(l.getString("trace_id")))
                    .toList();
            if (lines.size() >= 4) {
                return lines;
            }
            pause(vertx);
        }
        return lines;
    }

    private static void pause(Vertx vertx) {
        vertx.timer(200).await();
    }

    private static Map<ServiceName, Integer> freePorts() throws IOException {
        Map<ServiceName, Integer> ports = new EnumMap<>(ServiceName.class);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (ServiceName service : ServiceName.values()) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(service, socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> condition) {
        List<ReceivedSpan> matching = spans.stream().filter(condition).toList();
        assertThat(matching).as("spans matching in %s", spans).hasSize(1);
        return matching.get(0);
    }
}
