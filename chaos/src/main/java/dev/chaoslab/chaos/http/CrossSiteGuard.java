package dev.chaoslab.chaos.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Refuses what a web page the user visits could send to a control API on this machine, where no token may guard
 * it: a {@code Host} that names another site (DNS rebinding: a page's own name resolving to 127.0.0.1), a mutating
 * call from another {@code Origin}, and a mutating body of a type a cross-site form or a preflight-free
 * {@code fetch} can send. APIs listening beyond loopback need a token instead, which a page cannot know; there the
 * {@code Host} check is off (a server behind a name is reached by that name).
 */
public final class CrossSiteGuard implements Handler<RoutingContext> {

    private final boolean loopback;
    private final List<String> bodyTypes;
    private final Function<String, RuntimeException> refusal;

    /**
     * @param loopback  the server listens on loopback only: {@code Host} must then name a loopback address
     * @param bodyTypes media types a mutating body may have (a prefix such as {@code application/json})
     * @param refusal   the API's own error for a refusal (answered 403), given the reason
     */
    public CrossSiteGuard(boolean loopback, List<String> bodyTypes, Function<String, RuntimeException> refusal) {
        this.loopback = loopback;
        this.bodyTypes = List.copyOf(bodyTypes);
        this.refusal = refusal;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String why = refusal(ctx.request());
        if (why == null) {
            ctx.next();
        } else {
            ctx.fail(refusal.apply(why));
        }
    }

    /** Why the request is refused, or null when it may pass. */
    String refusal(HttpServerRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (loopback && host != null && !isLoopback(hostName(host))) {
            return "the Host header names '" + shorten(host)
                    + "', not this machine's loopback address; call the API as " + "127.0.0.1 or localhost";
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return null;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && (host == null || !sameOrigin(origin, host))) {
            return "a call from the web origin '" + shorten(origin)
                    + "' is refused: only same-origin pages and clients " + "that are not browsers may change state";
        }
        if (hasBody(request)) {
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (bodyTypes.stream().noneMatch(lower::startsWith)) {
                return "a body of type '" + shorten(type == null ? "none" : type) + "' is refused; send Content-Type: "
                        + String.join(" or ", bodyTypes);
            }
        }
        return null;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !length.trim().equals("0"));
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin.trim());
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host of a Host header value, without the port and IPv6 brackets. */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** A loopback name written as such: localhost, 127.0.0.0/8 or ::1 (no DNS lookup). */
    static boolean isLoopback(String host) {
        return host.equals("localhost")
                || host.endsWith(".localhost")
                || host.equals("::1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
