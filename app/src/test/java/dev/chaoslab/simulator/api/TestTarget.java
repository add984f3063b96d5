package dev.chaoslab.simulator.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** A loopback HTTP target for tests: answers every request at once with a fixed status. */
public final class TestTarget {

    private final HttpServer server;

    private TestTarget(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port. */
    public static TestTarget start(Vertx vertx, int status) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> req.response()
                        .setStatusCode(status)
                        .putHeader("Content-Type", "application/json")
                        .end("{\"ok\":" + (status < 400) + "}"))
                .listen(0, "127.0.0.1")
                .await();
        return new TestTarget(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public void close() {
        server.close().await();
    }

    /** A scenario file with one scenario of {@code seconds} at {@code rate} against {@code url}. */
    public static String scenarioFile(String name, String url, int seconds, int rate, String thresholds) {
        return """
        scenarios:
          - name: %s
            description: A steady trickle for tests.
            targets:
              gateway: %s
            phases:
              - name: main
                duration: %ds
                shape: {type: constant, rate: %d}
            requests:
              - name: browse
                weight: 1
                target: gateway
                method: GET
                path: /api/products
            thresholds:
        %s
        """.formatted(name, url, seconds, rate, thresholds);
    }
}
