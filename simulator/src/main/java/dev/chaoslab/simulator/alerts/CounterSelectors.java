package dev.chaoslab.simulator.alerts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a rule's {@code rate()} and {@code increase()} calls read: the selector of each range vector
 * ({@code rate(x_total{code=~"5.."}[1m])} reads {@code x_total{code=~"5.."}}), in the expression itself and in
 * the recording rules it names (one level: a recording rule that reads another recording rule is not expanded).
 * A scanner, not a parser: it sees only selectors written directly inside {@code rate(…)} or {@code increase(…)}.
 */
public final class CounterSelectors {

    private static final String STRING = "\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`";
    private static final Pattern RATE = Pattern.compile("\\b(?:rate|increase)\\s*\\(\\s*("
            + "(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*(?:\\{(?:" + STRING + "|[^{}\"'`])*})?"
            + ")\\s*\\[\\s*[0-9][0-9a-z]*\\s*]");
    private static final Pattern NAME =
            Pattern.compile("(" + STRING + ")|\\{(?:" + STRING + "|[^{}\"'`])*}|([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private CounterSelectors() {}

    /** The distinct selectors (as {@link #normalize} spells them) read by {@code rate()}/{@code increase()} in {@code expr}. */
    public static List<String> of(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = RATE.matcher(expr);
        while (m.find()) {
            String selector = normalize(m.group(1));
            if (!selector.isEmpty()) {
                out.add(selector);
            }
        }
        return new ArrayList<>(out);
    }

    /** The names in {@code expr} (outside strings and label matchers) that {@code recordingRules} records, in order. */
    public static List<String> recordingRulesRead(String expr, Map<String, String> recordingRules) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = NAME.matcher(expr);
        while (m.find()) {
            String name = m.group(2);
            if (name != null && recordingRules.containsKey(name)) {
                out.add(name);
            }
        }
        return new ArrayList<>(out);
    }

    /** {@code selector} without whitespace outside its strings: the one spelling recordings and replays look up. */
    public static String normalize(String selector) {
        StringBuilder out = new StringBuilder(selector.length());
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = i + 1;
                while (end < selector.length() && selector.charAt(end) != c) {
                    end += selector.charAt(end) == '\\' && c != '`' ? 2 : 1;
                }
                end = Math.min(end, selector.length() - 1);
                out.append(selector, i, end + 1);
                i = end;
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
