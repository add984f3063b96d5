package dev.chaoslab.simulator.load;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Objects;

/**
 * One concrete request, templates already expanded.
 *
 * @param kind     the scenario's request name ({@code request} label, span attribute)
 * @param method   HTTP method
 * @param base     the target's base URL ({@code http://127.0.0.1:8080})
 * @param uri      path and query to send
 * @param template the path before expansion, a low-cardinality name for the span ({@code url.template})
 * @param headers  headers to send; may be empty, never null; the client adds {@code traceparent} to it (a fresh map
 *                 per request, so no copy is made)
 * @param body     body to send, or null
 * @param timeoutMs this request's timeout (no answer head that long after the write, or no end that long after the
 *                 head), or 0 for the executor's default
 */
public record OutgoingRequest(
        String kind,
        HttpMethod method,
        URI base,
        String uri,
        String template,
        MultiMap headers,
        Buffer body,
        long timeoutMs) {
    public OutgoingRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        template = template == null ? uri : template;
    }

    public String host() {
        return base.getHost();
    }

    public int port() {
        if (base.getPort() > 0) {
            return base.getPort();
        }
        return "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
    }

    public boolean ssl() {
        return "https".equalsIgnoreCase(base.getScheme());
    }

    public String fullUrl() {
        return base.getScheme() + "://" + base.getHost() + ":" + port() + uri;
    }
}
