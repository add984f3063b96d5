package dev.chaoslab.simulator.tune;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus' duration notation ({@code 30s}, {@code 1m}, {@code 1h30m}, {@code 500ms}, {@code 2d}) in milliseconds. */
public final class PromDuration {

    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|[smhdwy]))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[smhdwy])");

    private PromDuration() {}

    /** @throws IllegalArgumentException naming the text when it is not a duration greater than zero */
    public static long parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("`" + t + "` is not a duration (e.g. 30s, 1m, 2m30s, 1h)");
        }
        long ms = 0;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            ms += n
                    * switch (m.group(2)) {
                        case "ms" -> 1L;
                        case "s" -> 1000L;
                        case "m" -> 60_000L;
                        case "h" -> 3_600_000L;
                        case "d" -> 86_400_000L;
                        case "w" -> 604_800_000L;
                        default -> 31_536_000_000L;
                    };
        }
        if (ms <= 0) {
            throw new IllegalArgumentException("`" + t + "` must be longer than zero");
        }
        return ms;
    }
}
