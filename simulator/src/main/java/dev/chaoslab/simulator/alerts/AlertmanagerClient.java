package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A small client of an external Alertmanager's API v2 (the stack's, for {@code serve}): whether it answers, and which
 * receivers its configuration has, so that a {@code notifies} expectation naming a receiver it lacks stops the run
 * before it starts.
 */
public final class AlertmanagerClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;
    private final String baseUrl;

    /** A client of the Alertmanager at {@code baseUrl}; throws IllegalArgumentException when it is no http(s) URL. */
    public AlertmanagerClient(Vertx vertx, String baseUrl) {
        this.baseUrl = ServerText.baseUrl(baseUrl, "Alertmanager", "http://127.0.0.1:9093");
        this.client = WebClient.create(
                vertx, new WebClientOptions().setConnectTimeout(5_000).setUserAgent("chaoslab-alerts"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The names of the receivers in Alertmanager's configuration ({@code GET /api/v2/receivers}). */
    public Future<List<String>> receivers() {
        return client.getAbs(baseUrl + "/api/v2/receivers")
                .timeout(TIMEOUT.toMillis())
                .send()
                .recover(e ->
                        Future.failedFuture(new PrometheusException("Alertmanager at " + baseUrl + " is not reachable ("
                                + e.getMessage() + "); check CHAOSLAB_ALERTMANAGER_URL / --alertmanager-url.")))
                .map(this::names);
    }

    /**
     * Succeeds when Alertmanager answers and has every one of {@code wanted}; fails naming the receivers it has
     * otherwise.
     */
    public Future<Void> checkReceivers(Collection<String> wanted) {
        return receivers().map(names -> {
            List<String> missing =
                    wanted.stream().filter(w -> !names.contains(w)).distinct().toList();
            if (!missing.isEmpty()) {
                throw new PrometheusException("Alertmanager at " + baseUrl + " has no receiver "
                        + String.join(", ", missing)
                        + "; it has " + new TreeSet<>(names) + ". A notifies expectation names a receiver of its "
                        + "configuration (docker/alertmanager/alertmanager.yml).");
            }
            return null;
        });
    }

    private List<String> names(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new PrometheusException("Alertmanager at " + baseUrl + " answered HTTP " + response.statusCode()
                    + " to /api/v2/receivers: " + ServerText.excerpt(response.bodyAsString()));
        }
        try {
            JsonArray array =
                    new JsonArray(response.bodyAsBuffer() == null ? Buffer.buffer("[]") : response.bodyAsBuffer());
            List<String> names = new ArrayList<>();
            for (Object o : array) {
                if (o instanceof JsonObject r && r.getValue("name") instanceof String name) {
                    names.add(name);
                }
            }
            return names;
        } catch (DecodeException | ClassCastException e) {
            throw new PrometheusException("Alertmanager at " + baseUrl
                    + " answered /api/v2/receivers with something that is not a JSON list: "
                    + ServerText.excerpt(response.bodyAsString()));
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
