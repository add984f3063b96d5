package dev.chaoslab.simulator.scenario;

import java.util.Locale;
import java.util.Set;

/**
 * What scenario traffic may not send: headers that frame the connection (the client sets them from the body, and a
 * wrong one desynchronises a kept-alive connection), and requests to the targets' chaos API (faults belong in
 * {@code chaos:} steps, which the run tracks and clears; a fault made by traffic would outlive the run).
 */
final class ReservedRequests {
    /** Hop-by-hop and framing headers (RFC 9110 §7.6.1, RFC 9112 §6). */
    static final Set<String> FRAMING_HEADERS = Set.of(
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "te",
            "trailer",
            "upgrade",
            "proxy-connection");

    private ReservedRequests() {}

    /** Why a scenario may not set header {@code name}, or null when it may. */
    static String framingHeader(String name) {
        if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return "'" + name + "' frames the connection and is set by the client itself; remove it";
        }
        return null;
    }

    /** Why a request path is refused (it names the targets' chaos API), or null. */
    static String chaosRoute(String path) {
        int expression = path.indexOf("${");
        String literal = normalize(expression < 0 ? path : path.substring(0, expression));
        if (literal.equals("/chaos")
                || literal.startsWith("/chaos/")
                || literal.startsWith("/chaos?")
                || (expression >= 0 && "/chaos".startsWith(literal) && literal.length() > 1)) {
            return "the path names the targets' chaos API (/chaos/…); scenario traffic may not change faults: put faults "
                    + "in 'chaos:' steps, which the run tracks and clears when it ends";
        }
        return null;
    }

    /** Percent-decoded, lower case, with repeated slashes and dot segments removed. */
    private static String normalize(String path) {
        StringBuilder decoded = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
                decoded.append((char) Integer.parseInt(path.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        String p = decoded.toString().toLowerCase(Locale.ROOT);
        String before;
        do {
            before = p;
            p = p.replace("//", "/").replace("/./", "/");
        } while (!p.equals(before));
        return p;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
