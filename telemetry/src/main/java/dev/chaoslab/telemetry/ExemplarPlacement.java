package dev.chaoslab.telemetry;

/**
 * Keeps exemplars of an OpenMetrics exposition only where every Prometheus accepts them: histogram
 * buckets ({@code _bucket}) and counters ({@code _total}).
 *
 * <p>Micrometer 1.15 also attaches exemplars to the {@code _count} of summaries and histograms (for
 * example {@code vertx_http_server_response_bytes_count}). Prometheus accepts that only since 2.43; older
 * servers, such as Debian's 2.42 that our tests and the compose stack run, reject the <em>whole</em>
 * scrape ("metric name … does not support exemplars") and mark the target down. Those exemplars add
 * nothing the bucket exemplars do not have, so they are cut here.
 */
final class ExemplarPlacement {

    private ExemplarPlacement() {}

    static String keepOnBucketsAndCounters(String exposition) {
        StringBuilder out = new StringBuilder(exposition.length());
        int start = 0;
        while (start < exposition.length()) {
            int end = exposition.indexOf('\n', start);
            int lineEnd = end < 0 ? exposition.length() : end;
            appendLine(out, exposition, start, lineEnd);
            if (end < 0) {
                break;
            }
            out.append('\n');
            start = end + 1;
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String text, int from, int to) {
        if (from == to || text.charAt(from) == '#') {
            out.append(text, from, to);
            return;
        }
        int exemplar = exemplarStart(text, from, to);
        if (exemplar < 0 || allowed(text, from, to)) {
            out.append(text, from, to);
        } else {
            out.append(text, from, exemplar);
        }
    }

    /** Index of the {@code " # "} that starts the exemplar (outside quoted label values), or -1. */
    private static int exemplarStart(String text, int from, int to) {
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '#' && i > from && text.charAt(i - 1) == ' ' && i + 1 < to && text.charAt(i + 1) == ' ') {
                return i - 1;
            }
        }
        return -1;
    }

    private static boolean allowed(String text, int from, int to) {
        int nameEnd = from;
        while (nameEnd < to && text.charAt(nameEnd) != '{' && text.charAt(nameEnd) != ' ') {
            nameEnd++;
        }
        String name = text.substring(from, nameEnd);
        return name.endsWith("_bucket") || name.endsWith("_total");
    }
}
