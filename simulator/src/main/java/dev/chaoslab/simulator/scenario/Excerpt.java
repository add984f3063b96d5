package dev.chaoslab.simulator.scenario;

/**
 * A short, printable excerpt of text that came from a user: what error messages quote, so that an error never
 * echoes a whole value back (a file's secret, or megabytes of input).
 */
public final class Excerpt {
    /** Characters kept from a quoted value: enough to recognise it. */
    public static final int MAX_CHARS = 60;

    private Excerpt() {}

    /** The text, cut to {@link #MAX_CHARS} with "…(N chars)" when longer, control characters shown as '?'. */
    public static String of(String text) {
        return of(text, MAX_CHARS);
    }

    /** The text cut to {@code max} characters. */
    public static String of(String text, int max) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > max ? text.substring(0, max) : text;
        StringBuilder out = new StringBuilder(cut.length() + 16);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > max) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
