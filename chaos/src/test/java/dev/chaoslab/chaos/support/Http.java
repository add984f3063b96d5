package dev.chaoslab.chaos.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** A test HTTP client: blocking calls for test threads, and bounded-concurrency bursts for statistics. */
public final class Http implements AutoCloseable {

    public static final long TIMEOUT_S = 30;

    private final WebClient client;

    public Http(Vertx vertx) {
        this.client = WebClient.create(
                vertx, new WebClientOptions().setConnectTimeout(2_000), new PoolOptions().setHttp1MaxSize(32));
    }

    public WebClient client() {
        return client;
    }

    public HttpResponse<Buffer> get(String url) {
        return await(client.getAbs(url).send());
    }

    public HttpResponse<Buffer> delete(String url) {
        return await(client.deleteAbs(url).send());
    }

    public HttpResponse<Buffer> post(String url, JsonObject body) {
        return await(client.postAbs(url).sendJsonObject(body));
    }

    public HttpResponse<Buffer> postRaw(String url, String body) {
        HttpRequest<Buffer> request = client.postAbs(url).putHeader("Content-Type", "application/json");
        return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
    }

    public Future<HttpResponse<Buffer>> send(HttpMethod method, String url, long timeoutMs) {
        return client.requestAbs(method, url).timeout(timeoutMs).send();
    }

    /** Sends {@code n} requests, at most {@code concurrency} at a time; returns the responses in order. */
    public List<HttpResponse<Buffer>> burst(int n, int concurrency, IntFunction<Future<HttpResponse<Buffer>>> request) {
        List<HttpResponse<Buffer>> responses = new ArrayList<>(n);
        for (int start = 0; start < n; start += concurrency) {
            List<Future<HttpResponse<Buffer>>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + concurrency); i++) {
                batch.add(request.apply(i));
            }
            Future.all(batch).await();
            batch.forEach(f -> responses.add(f.result()));
        }
        return responses;
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.await(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failure of a future that must fail. */
    public static Throwable failure(Future<?> future) {
        try {
            future.await(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected the request to fail, it succeeded");
    }

    @Override
    public void close() {
        client.close();
    }
}
