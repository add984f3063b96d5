package dev.chaoslab.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The load client's own connections ({@link OriginConnections}): reuse, the limit, the line, retirement. */
@ExtendWith(VertxExtension.class)
class LaneConnectionsTest {
    private final List<Runnable> cleanUp = new ArrayList<>();
    /** Remote ports of the connections the test server saw (one per client connection). */
    private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

    @AfterEach
    void closeAll() {
        cleanUp.forEach(Runnable::run);
    }

    private int server(Vertx vertx, Consumer<HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> {
                    connections.add(req.remoteAddress().port());
                    handler.accept(req);
                })
                .listen(0, "127.0.0.1")
                .await();
        cleanUp.add(() -> server.close().await());
        return server.actualPort();
    }

    private HttpLoadClient client(Vertx vertx, LoadOptions options) {
        HttpLoadClient client =
                new HttpLoadClient(vertx, options, OpenTelemetry.noop().getTracer("test"));
        cleanUp.add(0, () -> client.close().await());
        return client;
    }

    private static Future<Exchange> get(HttpLoadClient client, int port) {
        return client.send(
                new OutgoingRequest(
                        "probe",
                        HttpMethod.GET,
                        URI.create("http://127.0.0.1:" + port),
                        "/probe",
                        "/probe",
                        HttpHeaders.headers(),
                        null,
                        0),
                Attributes.empty(),
                false);
    }

    private static void getOneAfterAnother(HttpLoadClient client, int port, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(get(client, port).await().outcome()).isEqualTo(Outcome.OK);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("Requests one after another reuse one keep-alive connection")
    void sequentialRequestsReuseOneConnection(Vertx vertx) {
        int port = server(vertx, req -> req.response().end("ok"));
        getOneAfterAnother(client(vertx, new LoadOptions()), port, 5);
        assertThat(connections).hasSize(1);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName(
            "Concurrent requests over the connection limit wait in line and all get answered on that many connections")
    void concurrentRequestsShareTheLimit(Vertx vertx) {
        int port = server(vertx, req -> vertx.setTimer(20, t -> req.response().end("ok")));
        HttpLoadClient client = client(vertx, new LoadOptions().setMaxConnections(2));
        List<Future<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(get(client, port));
        }
        for (Future<Exchange> exchange : sent) {
            assertThat(exchange.await().outcome()).isEqualTo(Outcome.OK);
        }
        assertThat(connections).hasSize(2);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("An answer with Connection: close retires its connection; the next request opens another")
    void connectionCloseRetiresTheConnection(Vertx vertx) {
        int port = server(
                vertx,
                req -> req.response().putHeader(HttpHeaders.CONNECTION, "close").end("ok"));
        getOneAfterAnother(client(vertx, new LoadOptions()), port, 3);
        assertThat(connections).hasSize(3);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName(
            "A request that waits longer than the connect timeout for a busy connection times out without reaching the wire")
    void waitingTooLongIsATimeout(Vertx vertx) {
        int port = server(vertx, req -> {});
        HttpLoadClient client = client(
                vertx,
                new LoadOptions().setMaxConnections(1).setConnectTimeoutMs(200).setRequestTimeoutMs(5_000));
        Future<Exchange> hanging = get(client, port);
        Exchange waiting = get(client, port).await();
        assertThat(waiting.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(waiting.wasSent()).isFalse();
        assertThat(waiting.failure()).hasMessageContaining("no connection to 127.0.0.1:" + port);
        assertThat(hanging.isComplete()).isFalse();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("With the line for a connection full, a request is dropped, not sent")
    void fullLineDrops(Vertx vertx) {
        int port = server(vertx, req -> {});
        HttpLoadClient client = client(
                vertx,
                new LoadOptions()
                        .setMaxConnections(1)
                        .setInFlightCap(1)
                        .setRequestTimeoutMs(5_000)
                        .setConnectTimeoutMs(5_000));
        get(client, port);
        get(client, port);
        Exchange third = get(client, port).await();
        assertThat(third.dropped()).isTrue();
        assertThat(third.failure()).hasMessageContaining("busy");
    }
}
