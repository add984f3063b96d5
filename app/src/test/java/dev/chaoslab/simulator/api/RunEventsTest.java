package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /runs/:id/events} over real loopback sockets: its events, its cap, slow clients, and memory. */
@ExtendWith(VertxExtension.class)
class RunEventsTest {

    /**
     * Seconds after which a test counts as hung. The first test in a JVM also pays for the JVM's warm-up (its run start
     * took 50 s on a starved machine) inside its own time.
     */
    private static final int HANG = 240;

    @TempDir
    Path dir;

    private Vertx vertx;
    private TestTarget target;
    private RunManager runs;
    private RunEvents events;
    private int port;

    private String start(Vertx vertx, ApiOptions options) throws Exception {
        this.vertx = vertx;
        target = TestTarget.start(vertx, 200);
        Files.writeString(
                dir.resolve("scenarios.yaml"),
                TestTarget.scenarioFile("steady", target.url(), 60, 5, "      - {metric: error_ratio, below: 0.5}"));
        ReportStore store = ReportStore.open(vertx, dir.resolve("data")).await();
        runs = new RunManager(vertx, new RunManagerOptions(), store, null);
        ScenarioCatalog catalog = new ScenarioCatalog(vertx, new ScenarioLoader(), options.scenarioDir());
        events = new RunEvents(vertx, runs, store, options);
        ApiVerticle api = new ApiVerticle(
                options,
                v -> ApiRouter.create(
                        v, options, ctx -> ctx.response().end(), new RunsApi(runs, store, catalog), events));
        vertx.deployVerticle(api).await();
        port = api.actualPort();
        HttpResponse<Buffer> started = WebClient.create(vertx)
                .post(port, "127.0.0.1", "/runs")
                .sendJsonObject(new JsonObject().put("scenario", "steady").put("file", "scenarios.yaml"))
                .await();
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(201);
        return started.bodyAsJsonObject().getString("runId");
    }

    @AfterEach
    void stop() {
        if (runs != null) {
            runs.runs().forEach(run -> run.stop().await());
            target.close();
        }
    }

    /** Opens a raw stream; the future completes with the socket once {@code bytes} bytes have arrived. */
    private Future<NetSocket> open(NetClient client, String id, int bytes, Buffer received) {
        Promise<NetSocket> ready = Promise.promise();
        client.connect(port, "127.0.0.1")
                .onSuccess(socket -> {
                    socket.handler(b -> {
                        synchronized (received) {
                            received.appendBuffer(b);
                        }
                        if (received.length() >= bytes) {
                            ready.tryComplete(socket);
                        }
                    });
                    socket.closeHandler(v -> ready.tryComplete(socket));
                    socket.write("GET /runs/" + id
                            + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
                    if (bytes == 0) {
                        ready.tryComplete(socket);
                    }
                })
                .onFailure(ready::tryFail);
        return ready.future();
    }

    /** What {@code buffer} holds so far; the socket's handler appends to it on the event loop. */
    private static String received(Buffer buffer) {
        synchronized (buffer) {
            return buffer.toString();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("each status event is what GET /runs/:id answers; a stopped run's stream ends with an end event")
    void eventsCarryTheStatus(Vertx vertx) throws Exception {
        String id = start(vertx, new ApiOptions().setPort(0).setScenarioDir(dir).setStreamIntervalMs(100));
        Buffer received = Buffer.buffer();
        NetSocket socket = open(vertx.createNetClient(), id, 3000, received).await();
        runs.run(id).orElseThrow().stop().await();
        await("the stream closes after the run ended", () -> events.open() == 0);
        // the server counts the stream closed once it wrote the end event; the client reads it a moment later
        String end = "event: end\ndata: {\"runId\":\"" + id + "\",\"state\":\"stopped\"}";
        await("the client receives the end event", () -> received(received).contains(end));
        String text = received(received);
        socket.close();
        assertThat(text).startsWith("HTTP/1.1 200").contains("Content-Type: text/event-stream");
        List<JsonObject> statuses = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("data: {\"runId\"") && line.contains("\"scenario\"")) {
                statuses.add(new JsonObject(line.substring("data: ".length())));
            }
        }
        assertThat(statuses).isNotEmpty();
        JsonObject first = statuses.get(0);
        // the same keys as the status GET /runs/:id answers, in the same codec
        JsonObject polled = WebClient.create(vertx)
                .get(port, "127.0.0.1", "/runs/" + id)
                .send()
                .await()
                .bodyAsJsonObject();
        assertThat(first.fieldNames())
                .containsAll(List.of(
                        "runId",
                        "scenario",
                        "state",
                        "rate",
                        "totals",
                        "latency",
                        "recent",
                        "faults",
                        "phases",
                        "errorKinds",
                        "scheduleLag"));
        assertThat(first.getString("runId")).isEqualTo(polled.getString("runId"));
        assertThat(text).contains("event: end\ndata: {\"runId\":\"" + id + "\",\"state\":\"stopped\"}");
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("past the cap a stream answers 429; an unknown run 404")
    void capAndUnknown(Vertx vertx) throws Exception {
        String id = start(vertx, new ApiOptions().setPort(0).setScenarioDir(dir).setMaxStreams(2));
        NetClient client = vertx.createNetClient();
        NetSocket a = open(client, id, 100, Buffer.buffer()).await();
        NetSocket b = open(client, id, 100, Buffer.buffer()).await();
        HttpResponse<Buffer> third = WebClient.create(vertx)
                .get(port, "127.0.0.1", "/runs/" + id + "/events")
                .send()
                .await();
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.bodyAsJsonObject().getString("error")).isEqualTo("too_many_streams");
        HttpResponse<Buffer> unknown = WebClient.create(vertx)
                .get(port, "127.0.0.1", "/runs/r-nope/events")
                .send()
                .await();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("run_not_found");
        a.close();
        b.close();
        await("closed streams are released", () -> events.open() == 0);
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("a client that stops reading is dropped once its unsent events pass the limit")
    void slowClientIsDropped(Vertx vertx) throws Exception {
        String id = start(
                vertx,
                new ApiOptions()
                        .setPort(0)
                        .setScenarioDir(dir)
                        .setStreamIntervalMs(2)
                        .setStreamQueueBytes(4096));
        // a small receive window, so the kernel's buffers fill quickly and the server's queue has to hold the rest
        NetClient client = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(4096));
        NetSocket socket = open(client, id, 100, Buffer.buffer()).await();
        socket.pause();
        await("the slow client is dropped", () -> events.dropped() == 1);
        await("and its stream released", () -> events.open() == 0);
        socket.close();
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("50 streams connected and dropped at random leave the heap flat")
    void fiftyDroppedStreamsLeaveHeapFlat(Vertx vertx) throws Exception {
        String id = start(
                vertx,
                new ApiOptions()
                        .setPort(0)
                        .setScenarioDir(dir)
                        .setStreamIntervalMs(50)
                        .setMaxStreams(64));
        NetClient client = vertx.createNetClient();
        Random random = new Random(14);
        // two rounds first: classes, the JIT and Netty's per-thread buffer caches reach their steady size
        round(client, id, random);
        round(client, id, random);
        long before = heapAfterGc();
        List<NetSocket> held = connect(client, id, random);
        long connected = heapAfterGc();
        drop(held, random);
        await("all 50 streams released", () -> events.open() == 0);
        held.clear(); // the test's own client sockets live in this JVM too
        long after = heapAfterGc();
        long perStream = Math.max(0, connected - before) / 50;
        System.out.printf(
                "heap: before %d KiB, 50 streams open %d KiB (%d B each), after %d KiB%n",
                before / 1024, connected / 1024, perStream, after / 1024);
        // A leak of the 50 streams would keep their connections, responses and timers: what the 50 open ones cost over
        // the baseline (measured 85-150 KB each, 4-7 MiB in all). The tolerance is half of that cost, so a leak of 25
        // streams or more fails, while the run's own growth (its per-second rows, about 20 KiB/s measured without
        // streams, over a round of 10-20 s) and GC noise (up to 1 MiB seen in the full suite) pass. The first assertion
        // checks that the measurement sees the streams at all, so the second cannot pass by a blind measurement.
        long open = connected - before;
        assertThat(open).as("heap held by 50 open streams, bytes").isGreaterThan(2 * 1024 * 1024);
        assertThat(after - before)
                .as("heap growth after 50 dropped streams, bytes")
                .isLessThan(open / 2);
        assertThat(events.open()).isZero();
    }

    private void round(NetClient client, String id, Random random) throws InterruptedException {
        drop(connect(client, id, random), random);
        await("the warm-up streams released", () -> events.open() == 0);
    }

    private List<NetSocket> connect(NetClient client, String id, Random random) {
        List<NetSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // some hang up right after the request, most after one or several events
            sockets.add(open(client, id, random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(6000), Buffer.buffer())
                    .await());
        }
        return sockets;
    }

    private void drop(List<NetSocket> sockets, Random random) {
        List<NetSocket> shuffled = new ArrayList<>(sockets);
        Collections.shuffle(shuffled, random);
        for (NetSocket socket : shuffled) {
            if (random.nextBoolean()) {
                socket.close();
            } else {
                socket.pause(); // stops reading first: the server sees a reader that went away mid-stream
                vertx.setTimer(1 + random.nextInt(200), t -> socket.close());
            }
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
