package dev.chaoslab.simulator.alerts;

import java.net.URI;

/**
 * What the clients of Prometheus and Alertmanager make of the text that names and answers them: a base URL checked
 * before the first call, and an answer's body shortened to quote in an error message.
 */
final class ServerText {
    /** Characters of a body an error message quotes at most. */
    static final int MAX_EXCERPT = 200;

    private ServerText() {}

    /**
     * {@code url} without surrounding blanks and trailing slashes; throws IllegalArgumentException saying what a
     * {@code what} URL looks like ({@code example}) when it is blank, not a URL, or not http(s) with a host.
     */
    static String baseUrl(String url, String what, String example) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the " + what + " URL must be set, e.g. " + example);
        }
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url + "; the " + what + " URL looks like " + example, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "not an http(s) URL with a host: " + url + "; the " + what + " URL looks like " + example);
        }
        return u;
    }

    /** {@code body} on one line and at most {@link #MAX_EXCERPT} characters (cut with an ellipsis), or "empty body". */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_EXCERPT ? oneLine.substring(0, MAX_EXCERPT) + "…" : oneLine;
    }
}
