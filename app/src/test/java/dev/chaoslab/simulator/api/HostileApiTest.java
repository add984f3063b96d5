package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.ReadDeadlines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Requests an attacker would send to the API: each is a small JSON 4xx that leaks nothing, never a 500. */
@ExtendWith(VertxExtension.class)
class HostileApiTest {

    private static final String SECRET = "top-secret-value-42";

    @TempDir
    Path root;

    private Path dir;
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.dir = Files.createDirectories(root.resolve("scenarios"));
        client = WebClient.create(vertx);
        Files.writeString(
                dir.resolve("scenarios.yaml"),
                TestTarget.scenarioFile(
                        "steady", "http://127.0.0.1:9", 10, 5, "      - {metric: error_ratio, below: 0.5}"));
    }

    private ApiVerticle deploy(ApiOptions options) {
        return TestApi.deploy(vertx, options, root.resolve("data"), null);
    }

    private HttpResponse<Buffer> validateFile(ApiVerticle api, String file) {
        return client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                .sendJsonObject(new JsonObject().put("file", file))
                .await();
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(code);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("an error quotes at most a short excerpt of what the request sent, however long it was")
    void echoIsBounded() {
        ApiVerticle api = deploy(new ApiOptions().setPort(0).setScenarioDir(dir));
        String name = "n".repeat(900 * 1024);
        HttpResponse<Buffer> missing = validateFile(api, name);
        assertError(missing, 404, "file_not_found");
        assertThat(missing.body().length()).isLessThan(4096);

        String yaml = "name: x\nphases: " + "v".repeat(500_000) + "\n" + "bad: 1\n".repeat(5_000);
        HttpResponse<Buffer> invalid = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                .putHeader("Content-Type", "application/yaml")
                .sendBuffer(Buffer.buffer(yaml))
                .await();
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(invalid.bodyAsJsonObject().getBoolean("valid")).isFalse();
        assertThat(invalid.bodyAsJsonObject().getJsonArray("problems").size())
                .isLessThanOrEqualTo(ScenarioCatalog.MAX_PROBLEMS + 1);
        assertThat(invalid.body().length()).isLessThan(64 * 1024);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("request bodies held at once are bounded in total: past the bound a request is answered 503 busy")
    void bodiesInFlightAreBounded() {
        ApiVerticle api = deploy(new ApiOptions()
                .setPort(0)
                .setScenarioDir(dir)
                .setBodyLimit(64 * 1024)
                .setMaxBodyBytesInFlight(100 * 1024));
        // a client that declares a large body and sends it slowly holds its reservation
        NetSocket slow =
                vertx.createNetClient().connect(api.actualPort(), "127.0.0.1").await();
        slow.write("POST /scenarios/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 60000\r\n\r\n{")
                .await();
        HttpResponse<Buffer> busy = null;
        for (int i = 0; i < 100 && (busy == null || busy.statusCode() != 503); i++) {
            busy = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                    .sendJsonObject(new JsonObject().put("file", "x".repeat(50_000)))
                    .await();
        }
        assertError(busy, 503, "busy");
        assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
        // small bodies still fit beside it
        assertThat(validateFile(api, "scenarios.yaml").statusCode()).isEqualTo(200);

        slow.close().await();
        HttpResponse<Buffer> after = null;
        for (int i = 0; i < 200 && (after == null || after.statusCode() == 503); i++) {
            after = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                    .sendJsonObject(new JsonObject().put("file", "x".repeat(50_000)))
                    .await();
            vertx.timer(10).await();
        }
        assertError(after, 404, "file_not_found");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a scenario file reached through a link that leaves the directory is refused without its content")
    void symlinkEscapeRefused() throws Exception {
        Path outside = Files.writeString(root.resolve("secret.yaml"), "name: " + SECRET + "\nphases: " + SECRET + "\n");
        Files.createSymbolicLink(dir.resolve("link.yaml"), outside);
        Path outsideDir = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(outsideDir.resolve("s.yaml"), "phases: " + SECRET + "\n");
        Files.createSymbolicLink(dir.resolve("sub"), outsideDir);
        ApiVerticle api = deploy(new ApiOptions().setPort(0).setScenarioDir(dir));

        for (String file : new String[] {"link.yaml", "sub/s.yaml", "../secret.yaml", outside.toString()}) {
            HttpResponse<Buffer> answer = validateFile(api, file);
            assertError(answer, 400, "file_outside_scenario_dir");
            assertThat(answer.bodyAsString()).doesNotContain(SECRET);
            HttpResponse<Buffer> get = client.get(api.actualPort(), "127.0.0.1", "/scenarios")
                    .addQueryParam("file", file)
                    .send()
                    .await();
            assertError(get, 400, "file_outside_scenario_dir");
        }
        // a link that stays inside is followed
        Files.createSymbolicLink(dir.resolve("inside.yaml"), dir.resolve("scenarios.yaml"));
        assertThat(validateFile(api, "inside.yaml").bodyAsJsonObject().getBoolean("valid"))
                .isTrue();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("odd files and names (not UTF-8, a NUL, too large, a directory) are 4xx, never 500")
    void oddFilesAreClientErrors() throws Exception {
        Files.write(dir.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});
        Files.write(dir.resolve("big.yaml"), new byte[(int) ScenarioCatalog.MAX_FILE_BYTES + 1]);
        Files.createDirectories(dir.resolve("folder"));
        ApiVerticle api = deploy(new ApiOptions().setPort(0).setScenarioDir(dir));

        HttpResponse<Buffer> latin = validateFile(api, "latin1.yaml");
        assertThat(latin.statusCode()).isEqualTo(200);
        assertThat(latin.bodyAsJsonObject()
                        .getJsonArray("problems")
                        .getJsonObject(0)
                        .getString("message"))
                .contains("not UTF-8");
        assertError(validateFile(api, "a\u0000b.yaml"), 400, "invalid_file_name");
        assertError(validateFile(api, "big.yaml"), 413, "file_too_large");
        assertError(validateFile(api, "folder"), 404, "file_not_found");
        HttpResponse<Buffer> nul = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                .putHeader("Content-Type", "application/yaml")
                .sendBuffer(Buffer.buffer("name: a\u0000b\n"))
                .await();
        assertThat(nul.statusCode()).isEqualTo(200);
        assertThat(nul.bodyAsJsonObject().getBoolean("valid")).isFalse();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("with a token, the scenario files stay readable (as status and reports) and validating one needs it")
    void scenarioReadsStayOpen() {
        ApiVerticle api = deploy(new ApiOptions().setPort(0).setScenarioDir(dir).setToken("s3cret"));
        assertThat(client.get(api.actualPort(), "127.0.0.1", "/scenarios")
                        .send()
                        .await()
                        .statusCode())
                .isEqualTo(200);
        assertError(
                client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{\"file\":\"scenarios.yaml\"}"))
                        .await(),
                401,
                "unauthorized");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("on loopback without a token, a rebound Host, a foreign Origin and a form body cannot start a run")
    void crossSiteRefused() {
        ApiVerticle api = deploy(new ApiOptions().setPort(0).setScenarioDir(dir));
        JsonObject start = new JsonObject().put("file", "scenarios.yaml");
        var post = client.post(api.actualPort(), "127.0.0.1", "/runs");
        for (HttpResponse<Buffer> refused : List.of(
                post.copy()
                        .putHeader("Host", "rebind.example:8090")
                        .sendJsonObject(start)
                        .await(),
                post.copy()
                        .putHeader("Origin", "https://attacker.example")
                        .sendJsonObject(start)
                        .await(),
                post.copy()
                        .putHeader("Content-Type", "application/x-www-form-urlencoded")
                        .sendBuffer(Buffer.buffer("file=scenarios.yaml"))
                        .await(),
                client.get(api.actualPort(), "127.0.0.1", "/scenarios")
                        .putHeader("Host", "rebind.example")
                        .send()
                        .await())) {
            assertError(refused, 403, "cross_site_refused");
        }
        HttpResponse<Buffer> sameOrigin = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                .putHeader("Origin", "http://127.0.0.1:" + api.actualPort())
                .sendJsonObject(start)
                .await();
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a request with both Content-Length and Transfer-Encoding is answered and its connection closed")
    void contentLengthWithTransferEncodingCloses() {
        ApiVerticle api = deploy(new ApiOptions().setPort(0).setScenarioDir(dir));
        NetSocket socket =
                vertx.createNetClient().connect(api.actualPort(), "127.0.0.1").await();
        StringBuilder received = new StringBuilder();
        Promise<Void> closed = Promise.promise();
        socket.handler(b -> received.append(b.toString()));
        socket.closeHandler(v -> closed.tryComplete());
        socket.write("POST /scenarios/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                .await();
        closed.future().await();
        assertThat(received.toString())
                .startsWith("HTTP/1.1 400")
                .containsIgnoringCase("connection: close")
                .contains("\"error\":\"invalid_request\"");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a client dribbling a body or a head is cut off at the read deadlines (408, or a close) and counted")
    void slowClientsAreCutOff() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ApiVerticle api = deploy(new ApiOptions()
                .setPort(0)
                .setScenarioDir(dir)
                .setMeterRegistry(registry)
                .setReadDeadlines(new ReadDeadlines.Options(
                        Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1), 1 << 20)));
        String body = "{\"file\": \"scenarios.yaml\"}" + " ".repeat(100);
        try (Socket socket = new Socket("127.0.0.1", api.actualPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /scenarios/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = dribbleUntilClosed(socket, body);
            assertThat(answer).startsWith("HTTP/1.1 408 ").containsIgnoringCase("connection: close");
        }
        try (Socket socket = new Socket("127.0.0.1", api.actualPort())) {
            socket.setSoTimeout(15_000);
            assertThat(dribbleUntilClosed(
                            socket, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "s".repeat(100)))
                    .isEmpty();
        }
        assertThat(registry.get("http.server.read.timeouts")
                        .tag("phase", "body")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("http.server.read.timeouts")
                        .tag("phase", "head")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    /** Sends {@code text} a byte per 200 ms while reading what comes back, until the server closes. */
    private static String dribbleUntilClosed(Socket socket, String text) throws Exception {
        Thread writer = new Thread(() -> {
            try {
                for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                    socket.getOutputStream().write(b);
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server, or the test is over
            }
        });
        writer.setDaemon(true);
        writer.start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
        writer.interrupt();
        return seen.toString(StandardCharsets.US_ASCII);
    }
}
