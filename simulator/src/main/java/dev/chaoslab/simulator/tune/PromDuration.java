package dev.chaoslab.simulator.tune;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus' duration notation ({@code 30s}, {@code 1m}, {@code 1h30m}, {@code 500ms}, {@code 2d}) in milliseconds. */
public final class PromDuration {

    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|[smhdwy]))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[smhdwy])");

    private PromDuration() {}

    /** The longest duration accepted: ten years (Prometheus' own limit is far beyond any window worth trying). */
    public static final long MAX_MS = 10 * 31_536_000_000L;

    /** @throws IllegalArgumentException quoting the text (its start, when long) unless it is a duration in (0, 10y] */
    public static long parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("`" + quote(t) + "` is not a duration (e.g. 30s, 1m, 2m30s, 1h)");
        }
        long ms = 0;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long unit = switch (m.group(2)) {
                    case "ms" -> 1L;
                    case "s" -> 1000L;
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    case "d" -> 86_400_000L;
                    case "w" -> 604_800_000L;
                    default -> 31_536_000_000L;
                };
                ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(m.group(1)), unit));
            }
        } catch (ArithmeticException | NumberFormatException tooLong) {
            ms = Long.MAX_VALUE;
        }
        if (ms > MAX_MS) {
            throw new IllegalArgumentException("`" + quote(t) + "` is longer than ten years");
        }
        if (ms <= 0) {
            throw new IllegalArgumentException("`" + quote(t) + "` must be longer than zero");
        }
        return ms;
    }

    private static String quote(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
