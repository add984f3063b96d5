package dev.chaoslab.simulator.scenario;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * What scenario traffic may not send: headers that frame the connection (the client sets them from the body, and a
 * wrong one desynchronises a kept-alive connection), and requests to the targets' chaos API (faults belong in
 * {@code chaos:} steps, which the run tracks and clears; a fault made by traffic would outlive the run).
 */
public final class ReservedRequests {
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

    /**
     * Why a request path is refused (it names the targets' chaos API), or null. A path with {@code ${…}} is judged by
     * its literal start; a rendered path is judged whole, so a template whose value lands on the chaos API is refused
     * when rendered ({@link dev.chaoslab.simulator.scenario.template.Template#renderPath}).
     */
    public static String chaosRoute(String path) {
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

    /**
     * Percent-decoded (but for an escaped {@code /}, {@code ?} or {@code #}), lower case, with empty and dot segments
     * removed ({@code ..} too) before any query.
     */
    private static String normalize(String path) {
        StringBuilder decoded = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            char escaped = c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))
                    ? (char) Integer.parseInt(path.substring(i + 1, i + 3), 16)
                    : 0;
            if (escaped != 0 && "/?#".indexOf(escaped) < 0) {
                // an escaped '/', '?' or '#' is data inside a segment, as servers route it
                decoded.append(escaped);
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        String p = decoded.toString().toLowerCase(Locale.ROOT);
        int queryAt = indexOfAny(p, '?', '#');
        String query = queryAt < 0 ? "" : p.substring(queryAt);
        String segments = queryAt < 0 ? p : p.substring(0, queryAt);
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : segments.split("/", -1)) {
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                kept.addLast(segment);
            }
        }
        boolean trailingSlash = segments.endsWith("/") && !kept.isEmpty();
        return "/" + String.join("/", kept) + (trailingSlash ? "/" : "") + query;
    }

    private static int indexOfAny(String text, char a, char b) {
        int first = text.indexOf(a);
        int second = text.indexOf(b);
        return first < 0 ? second : second < 0 ? first : Math.min(first, second);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
