package dev.chaoslab.telemetry;

import java.util.Set;

/**
 * The quiet paths of server requests ({@link ServiceTelemetry#DEFAULT_UNTRACED_PATHS}: the requests of scrapers and
 * probes, {@code /metrics}, {@code /health}, {@code /ready}; one trace per scrape every few seconds would bury the traces
 * of real traffic): {@link HttpTracer} gives such a request an unsampled span ({@link HttpSpans#start}), whose ids are
 * carried on but never exported, and whose access line carries none. Most paths are told apart by their length alone,
 * without hashing.
 *
 * <p>Thread safety: immutable.
 */
final class QuietPaths {

    /** Paths of this many characters or more are looked up whatever their length. */
    private static final int SHORT = Long.SIZE;

    private final Set<String> quietPaths;
    /** Bit {@code n} set when a quiet path has {@code n} characters (below {@link #SHORT}). */
    private final long shortLengths;

    private final boolean anyLong;

    QuietPaths(Set<String> quietPaths) {
        this.quietPaths = Set.copyOf(quietPaths);
        long lengths = 0;
        boolean longPath = false;
        for (String path : this.quietPaths) {
            if (path.length() < SHORT) {
                lengths |= 1L << path.length();
            } else {
                longPath = true;
            }
        }
        this.shortLengths = lengths;
        this.anyLong = longPath;
    }

    /** Whether {@code path} is quiet; no path ({@code null}: an event-bus consumer's) is not. */
    boolean isQuiet(String path) {
        if (path == null) {
            return false; // Set.of(…).contains(null) throws
        }
        int length = path.length();
        boolean possible = length < SHORT ? (shortLengths & (1L << length)) != 0 : anyLong;
        return possible && quietPaths.contains(path);
    }

    @Override
    public String toString() {
        return quietPaths.toString();
    }
}
