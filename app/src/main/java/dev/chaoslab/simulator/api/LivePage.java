package dev.chaoslab.simulator.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live page: {@code GET /} and its script and style under {@code /live/}, read once from the jar. The page
 * only calls the REST API, so it can do nothing the API does not allow.
 */
final class LivePage implements ApiRouter.ApiRoutes {

    static final String RESOURCE_DIR = "/chaoslab/live/";
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "live.js", "text/javascript; charset=utf-8",
            "live.css", "text/css; charset=utf-8");
    /** The page loads nothing from elsewhere: scripts, styles, images and connections stay on this server. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Map<String, Buffer> assets = new LinkedHashMap<>();

    LivePage() {
        ASSETS.keySet().forEach(name -> assets.put(name, Buffer.buffer(read(name))));
    }

    @Override
    public void mount(Router router) {
        router.get("/").handler(ctx -> send(ctx, "index.html"));
        router.get("/live/:asset").handler(ctx -> {
            String name = ctx.pathParam("asset");
            if (!assets.containsKey(name)) {
                throw ApiError.notFound(
                        "not_found",
                        "The live page has no asset '" + name + "'; it serves " + String.join(", ", assets.keySet())
                                + ".");
            }
            send(ctx, name);
        });
    }

    /** The bytes of all assets together (the page's size). */
    int size() {
        return assets.values().stream().mapToInt(Buffer::length).sum();
    }

    private void send(RoutingContext ctx, String name) {
        ctx.response()
                .putHeader("Content-Type", ASSETS.get(name))
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache")
                .end(assets.get(name));
    }

    private static byte[] read(String name) {
        try (InputStream in = LivePage.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE_DIR + name + " is missing from the classpath; the build is broken");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
