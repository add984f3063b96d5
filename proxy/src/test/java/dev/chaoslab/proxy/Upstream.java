package dev.chaoslab.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real loopback upstream for the proxy's tests: {@code GET /api/products/:sku} answers JSON, {@code GET /big?kb=N}
 * answers N KiB, {@code POST /upload} counts the bytes it receives (and completes {@link #firstBytes()} at the first
 * ones, so a test can hold the rest of its body until the upstream has seen the start), {@code /headers} echoes the
 * request headers it got.
 */
final class Upstream implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong uploaded = new AtomicLong();
    private final Promise<Void> firstBytes = Promise.promise();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

    private Upstream(Vertx vertx) {
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    static Upstream start(Vertx vertx) {
        Upstream upstream = new Upstream(vertx);
        upstream.server.listen(0, "127.0.0.1").await();
        return upstream;
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/api/products/")) {
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("sku", path.substring("/api/products/".length()))
                            .encode());
        } else if (path.equals("/big")) {
            int kb = Integer.parseInt(request.getParam("kb", "64"));
            request.response().putHeader("Content-Length", Long.toString(kb * 1024L));
            Buffer chunk = Buffer.buffer(new byte[1024]);
            for (int i = 0; i < kb; i++) {
                request.response().write(chunk);
            }
            request.response().end();
        } else if (path.equals("/upload")) {
            request.handler(buffer -> {
                uploaded.addAndGet(buffer.length());
                firstBytes.tryComplete();
            });
            request.endHandler(v -> request.response().end(Long.toString(uploaded.get())));
        } else if (path.equals("/headers")) {
            JsonObject headers = new JsonObject();
            request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "X-Upstream-Secret")
                    .putHeader("X-Upstream-Secret", "hop")
                    .end(headers.encode());
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    Future<Void> firstBytes() {
        return firstBytes.future();
    }

    long uploaded() {
        return uploaded.get();
    }

    @Override
    public void close() {
        server.close().await();
    }
}
