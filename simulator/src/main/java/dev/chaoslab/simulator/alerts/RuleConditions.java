package dev.chaoslab.simulator.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an alert rule's PromQL expression into the threshold comparisons that make it fire, so each can be
 * shown as "value over the run next to its threshold".
 *
 * <p>{@code expr > 0.05} gives one condition; a multi-window burn-rate rule
 * {@code (a > 14.4 * 0.001 and b > 14.4 * 0.001) or (c > 6 * 0.001 and d > 6 * 0.001)} gives four, one per
 * window. Sides after {@code unless} only suppress an alert and are left out. This is a scanner of PromQL's
 * top level (strings, comments and brackets are skipped over), not a full parser: comparison binds weaker
 * than arithmetic and stronger than {@code and}/{@code unless}, which bind stronger than {@code or}, so
 * splitting in that order at bracket depth zero follows PromQL's own precedence.
 */
public final class RuleConditions {

    /**
     * One comparison: {@code left op right}. {@code literal} is the right side's value when it is a plain
     * number, else null (then it is a scalar expression to evaluate, or a vector to compare series by series).
     * {@code group} numbers the {@code or} alternatives; within a group all conditions must hold together.
     * {@code primary} marks the first condition of its group: {@code a and b} returns a's value, so a is what the
     * alert reports and b only filters (a minimum request rate, the short window of a burn-rate pair).
     */
    public record Condition(String left, String op, String right, Double literal, int group, boolean primary) {

        /** True when the alert fires for high values ({@code >}, {@code >=}); false for {@code <}, {@code <=}, {@code ==}, {@code !=}. */
        public boolean firesAbove() {
            return op.startsWith(">");
        }

        public boolean firesBelow() {
            return op.startsWith("<");
        }

        /** Whether {@code value op threshold} holds, as Prometheus compares. */
        public boolean holds(double value, double threshold) {
            return switch (op) {
                case ">" -> value > threshold;
                case ">=" -> value >= threshold;
                case "<" -> value < threshold;
                case "<=" -> value <= threshold;
                case "==" -> value == threshold;
                case "!=" -> value != threshold;
                default -> false;
            };
        }
    }

    private static final Pattern MODIFIER =
            Pattern.compile("^(?i)(bool\\b|on\\s*\\(|ignoring\\s*\\(|group_left\\b\\s*\\(?|group_right\\b\\s*\\(?)");

    private RuleConditions() {}

    /** The threshold comparisons of an expression, in the order they appear; empty when it has none (e.g. {@code absent(up)}). */
    public static List<Condition> of(String expr) {
        List<Condition> out = new ArrayList<>();
        collect(stripComments(expr), out);
        return out;
    }

    private static void collect(String expr, List<Condition> out) {
        int[] group = {0};
        collect(expr, out, group, true);
    }

    /** @param primary whether this expression is the first operand of its {@code and} chain */
    private static void collect(String expr, List<Condition> out, int[] group, boolean primary) {
        String e = stripOuterParens(expr.strip());
        List<Part> ors = splitKeywords(e, List.of("or"));
        if (ors.size() > 1) {
            for (Part p : ors) {
                collect(p.text, out, group, primary);
                group[0]++;
            }
            return;
        }
        List<Part> ands = splitKeywords(e, List.of("and", "unless"));
        if (ands.size() > 1) {
            boolean first = primary;
            for (Part p : ands) {
                if (!"unless".equals(p.keyword)) {
                    collect(stripModifiers(p.text), out, group, first);
                    first = false;
                }
            }
            return;
        }
        int[] cmp = lastComparison(e);
        if (cmp == null) {
            return;
        }
        String left = stripOuterParens(e.substring(0, cmp[0]).strip());
        String op = e.substring(cmp[0], cmp[0] + cmp[1]);
        String right = stripOuterParens(stripModifiers(e.substring(cmp[0] + cmp[1])));
        Double leftNumber = number(left);
        Double rightNumber = number(right);
        if (leftNumber != null && rightNumber == null) {
            // "0.05 < expr" reads as "expr > 0.05"
            out.add(new Condition(right, flip(op), left, leftNumber, group[0], primary));
        } else {
            out.add(new Condition(left, op, right, rightNumber, group[0], primary));
        }
    }

    private record Part(String keyword, String text) {}

    /** Splits at the given keywords at depth zero; each part remembers the keyword before it (null for the first). */
    private static List<Part> splitKeywords(String e, List<String> keywords) {
        List<Part> parts = new ArrayList<>();
        String[] pending = {null};
        int[] start = {0};
        walk(e, 0, (i, c, depth) -> {
            if (depth != 0 || !Character.isLetter(c) || (i > 0 && isWordChar(e.charAt(i - 1)))) {
                return i + 1;
            }
            int end = i;
            while (end < e.length() && isWordChar(e.charAt(end))) {
                end++;
            }
            String word = e.substring(i, end).toLowerCase(Locale.ROOT);
            if (keywords.contains(word)) {
                parts.add(new Part(pending[0], e.substring(start[0], i).strip()));
                pending[0] = word;
                start[0] = end;
            }
            return end;
        });
        parts.add(new Part(pending[0], e.substring(start[0]).strip()));
        return parts;
    }

    /** [index, length] of the last comparison operator at depth zero, or null. */
    private static int[] lastComparison(String e) {
        int[][] found = {null};
        walk(e, 0, (i, c, depth) -> {
            char next = i + 1 < e.length() ? e.charAt(i + 1) : 0;
            if (depth == 0 && ((c == '=' || c == '!') && next == '=' || c == '>' || c == '<')) {
                found[0] = new int[] {i, next == '=' ? 2 : 1};
                return i + found[0][1];
            }
            return i + 1;
        });
        return found[0];
    }

    /** Sees one character outside string literals, with the bracket depth after it; answers the next index, or -1 to stop. */
    private interface Visitor {
        int visit(int index, char c, int depth);
    }

    /** The one scanner of PromQL's structure: string literals are skipped, brackets of all three kinds counted. */
    private static void walk(String s, int from, Visitor visitor) {
        int depth = 0;
        int i = from;
        while (i >= 0 && i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i) + 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            i = visitor.visit(i, c, depth);
        }
    }

    /** Drops leading {@code bool}, {@code on(…)}, {@code ignoring(…)}, {@code group_left(…)}, {@code group_right(…)}. */
    private static String stripModifiers(String s) {
        String t = s.strip();
        while (true) {
            Matcher m = MODIFIER.matcher(t);
            if (!m.find()) {
                return t;
            }
            int i = m.end();
            if (t.charAt(i - 1) == '(') {
                i = closingParen(t, i - 1) + 1;
            }
            t = t.substring(i).strip();
        }
    }

    private static String stripOuterParens(String s) {
        String t = s.strip();
        while (t.startsWith("(") && closingParen(t, 0) == t.length() - 1) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static int closingParen(String s, int open) {
        int[] close = {-1};
        walk(s, open, (i, c, depth) -> {
            if (depth == 0 && (c == ')' || c == ']' || c == '}')) {
                close[0] = i;
                return -1;
            }
            return i + 1;
        });
        return close[0];
    }

    private static int skipString(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return s.length() - 1;
    }

    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = skipString(s, i);
                out.append(s, i, end + 1);
                i = end;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String flip(String op) {
        return switch (op) {
            case ">" -> "<";
            case ">=" -> "<=";
            case "<" -> ">";
            case "<=" -> ">=";
            default -> op;
        };
    }
}
