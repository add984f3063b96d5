package dev.chaoslab.proxy;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes hop-by-hop headers from a message a proxy forwards (RFC 9110 §7.6.1): the fixed set, and every header
 * the {@code Connection} header names. {@code vertx-http-proxy} drops the fixed set from requests only; this
 * covers the names listed in {@code Connection}, and responses.
 */
final class HopByHop {

    /** The hop-by-hop headers every message loses, lower case. */
    static final Set<String> FIXED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private HopByHop() {}

    /** Removes the hop-by-hop headers of {@code headers} (a mutable copy the proxy forwards). */
    static void strip(MultiMap headers) {
        List<String> named = new ArrayList<>();
        for (String connection : headers.getAll("connection")) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        named.forEach(headers::remove);
        FIXED.forEach(headers::remove);
    }
}
