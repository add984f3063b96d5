package dev.chaoslab.chaos;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of chaoslab, used by fault TTLs, scenario files and the chaos timeline: one or more
 * parts, each a non-negative number (decimals allowed) followed by {@code ms}, {@code s}, {@code m} or {@code h}:
 * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1m30s}, {@code 1.5s}. A bare number has no unit and
 * is refused. Stateless and thread-safe.
 */
public final class Durations {
    /** What the grammar accepts, for error messages and the docs. */
    public static final String EXAMPLES = "500ms, 30s, 2m, 1h or 1m30s";
    /** The grammar as a regular expression (the JSON Schema's {@code duration} pattern is tested against it). */
    public static final String PATTERN = "(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+";

    private static final Pattern WHOLE = Pattern.compile(PATTERN);
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message saying the expected form, or that the duration is too long
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a duration such as " + EXAMPLES + " (got '" + text + "')");
        }
        Matcher m = PART.matcher(s);
        double nanos = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            nanos += v
                    * switch (m.group(2)) {
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        case "m" -> 60e9;
                        default -> 3600e9;
                    };
        }
        if (nanos > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("the duration '" + text + "' is too long");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** The shortest form: {@code 1h}, {@code 2m}, {@code 1m30s}, {@code 500ms}, {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 || ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }

    /** {@link #format(Duration)} of a number of milliseconds. */
    public static String formatMillis(long millis) {
        return format(Duration.ofMillis(millis));
    }
}
