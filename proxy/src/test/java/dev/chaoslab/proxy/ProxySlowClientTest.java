package dev.chaoslab.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both listeners of a proxy cut off a client that sends its request head a byte at a time (the read deadlines). */
class ProxySlowClientTest {

    private ChaosProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close().await();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("a request head dribbled a byte per 500 ms, never idle, is closed on the listener and the admin")
    void dribbledHeadsAreClosed() throws Exception {
        proxy = ProxyFixture.start("http://127.0.0.1:9", new UpstreamOptions());
        List<CompletableFuture<String>> answers = List.of(proxy.port(), proxy.adminPort()).stream()
                .map(port -> CompletableFuture.supplyAsync(() -> dribbleUntilClosed(port)))
                .toList();
        for (CompletableFuture<String> answer : answers) {
            assertThat(answer.get(50, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("a shorter head deadline from the options applies to both listeners: a silent connection is closed "
            + "long before the default one would close it")
    void configuredHeadDeadline() throws Exception {
        proxy = ProxyFixture.start("http://127.0.0.1:9", new UpstreamOptions().setReadHeadTimeoutMs(300));
        for (int port : List.of(proxy.port(), proxy.adminPort())) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                // 8 s: beyond any scheduling delay of a 300 ms deadline, short of the default 10 s one
                socket.setSoTimeout(8_000);
                int first;
                try {
                    first = socket.getInputStream().read();
                } catch (SocketException reset) {
                    first = -1;
                }
                assertThat(first)
                        .as("port %d closed the silent connection without an answer", port)
                        .isEqualTo(-1);
            }
        }
    }

    /** Sends a head a byte per 500 ms (more than the head deadline lets through) and returns what came back. */
    private static String dribbleUntilClosed(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(45_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(
                            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 200; i++) {
                        out.write('a');
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the proxy, or the test is over
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
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
