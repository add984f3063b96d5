package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that dribbles a request head or body is cut off at the read deadlines, however steadily its bytes come
 * (an idle timeout never fires on it), while a prompt client keeps its kept-alive connection.
 */
class ReadDeadlinesTest {

    /** A byte every 200 ms: never idle for the idle timeout, far slower than the deadlines allow. */
    private static final long DRIBBLE_MS = 200;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ReadDeadlines deadlines = new ReadDeadlines(
                new ReadDeadlines.Options(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1), 1 << 20),
                "test",
                registry);
        Server server = new Server(deadlines);
        vertx.deployVerticle(server).await(10, TimeUnit.SECONDS);
        port = server.server.actualPort();
    }

    /** A router with a GET and a body-reading POST behind the deadlines. */
    private static final class Server extends VerticleBase {
        private final ReadDeadlines deadlines;
        private HttpServer server;

        Server(ReadDeadlines deadlines) {
            this.deadlines = deadlines;
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            router.get("/").handler(ctx -> ctx.response().end("ok"));
            router.post("/echo")
                    .handler(deadlines.reading(BodyHandler.create(false)))
                    .handler(ctx -> ctx.response().end("read " + ctx.body().length()));
            server = deadlines.createServer(
                    vertx,
                    new HttpServerOptions().setHost("127.0.0.1").setPort(0).setIdleTimeout(60),
                    router);
            return server.listen();
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a request head dribbled a byte at a time is closed without an answer and counted")
    void slowHeadIsClosed() throws Exception {
        try (Socket socket = connect()) {
            Thread dribbler = dribble(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200));
            String answer = readUntilClosed(socket);
            dribbler.interrupt();
            assertThat(answer).isEmpty();
        }
        assertThat(registry.get("http.server.read.timeouts")
                        .tag("phase", "head")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a body dribbled a byte at a time is answered 408 with Connection: close, then closed and counted")
    void slowBodyIsAnswered408() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 200\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            Thread dribbler = dribble(socket, "b".repeat(200));
            String answer = readUntilClosed(socket);
            dribbler.interrupt();
            assertThat(answer).startsWith("HTTP/1.1 408 ").containsIgnoringCase("connection: close");
            assertThat(answer).contains("\"error\":\"request_timeout\"");
        }
        assertThat(registry.get("http.server.read.timeouts")
                        .tag("phase", "body")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("prompt requests on one kept-alive connection are all answered, a pause under the keep-alive too")
    void promptClientKeepsItsConnection() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("read 5");
            // longer than the head deadline, shorter than the keep-alive one
            Thread.sleep(1500);
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(socket)).startsWith("HTTP/1.1 200 ").endsWith("ok");
        }
        assertThat(registry.find("http.server.read.timeouts").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Writes {@code text} one byte per {@link #DRIBBLE_MS} on a thread, until done, interrupted or refused. */
    private static Thread dribble(Socket socket, String text) {
        Thread thread = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(DRIBBLE_MS);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection, or the test is over
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Everything the server sends until it closes the connection (a read timeout fails the test). */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                seen.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset is a close too
        }
        return seen.toString(StandardCharsets.US_ASCII);
    }

    /** One response with a {@code Content-Length} body, read from a connection that stays open. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int length = -1;
        while (true) {
            int b = in.read();
            assertThat(b).as("the connection stayed open").isNotNegative();
            seen.write(b);
            String text = seen.toString(StandardCharsets.US_ASCII);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0 && length < 0) {
                String lower = text.toLowerCase();
                int at = lower.indexOf("content-length:");
                length = Integer.parseInt(
                        lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            }
            if (headEnd >= 0 && seen.size() == headEnd + 4 + length) {
                return text;
            }
        }
    }
}
