package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.alerts.CounterSelectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of PromQL whose window {@code tune} can vary, parsed: numbers, {@code rate(sel[w])} and
 * {@code increase(sel[w])} of a selector, {@code sum [by|without (…)] (…)}, the arithmetic operators {@code + - * /}
 * and {@code or}, each with {@code on (…)} / {@code ignoring (…)}, parentheses, and the name of a recording rule,
 * replaced by its expression (one level: a recording rule inside it is refused). Everything else — other functions
 * and aggregations, comparisons inside a side, {@code and}/{@code unless}, {@code offset}, subqueries, range
 * selectors outside {@code rate()}, {@code group_left} — is refused with {@link WindowFixedException} naming it.
 */
final class WindowExpr {

    /** A parsed expression. */
    sealed interface Node permits Num, Rate, Sum, Binary {}

    record Num(double value) implements Node {}

    /** {@code rate(selector[rangeMs])}, or {@code increase(…)} when not {@code perSecond}. */
    record Rate(String selector, long rangeMs, boolean perSecond) implements Node {}

    /** {@code sum by (labels)} or, when {@code without}, {@code sum without (labels)}; {@code sum (…)} has no labels. */
    record Sum(List<String> labels, boolean without, Node arg) implements Node {}

    /**
     * {@code left op right} for {@code + - * / or}; {@code on} is null without a matching clause.
     *
     * @param ignoring whether {@code on} lists the labels to ignore
     */
    record Binary(String op, List<String> on, boolean ignoring, Node left, Node right) implements Node {}

    private enum Kind {
        NUMBER,
        IDENT,
        BRACES,
        RANGE,
        OPEN,
        CLOSE,
        COMMA,
        OP
    }

    private record Token(Kind kind, String text) {}

    private final List<Token> tokens;
    private final Map<String, String> recordingRules;
    private int at;

    private WindowExpr(List<Token> tokens, Map<String, String> recordingRules) {
        this.tokens = tokens;
        this.recordingRules = recordingRules;
    }

    /**
     * Parses {@code expr}, replacing the names of {@code recordingRules} by their expressions (one level).
     *
     * @throws WindowFixedException naming the first construct outside the supported part
     */
    static Node parse(String expr, Map<String, String> recordingRules) {
        WindowExpr p = new WindowExpr(tokens(expr), recordingRules);
        Node n = p.or();
        if (p.at < p.tokens.size()) {
            throw new WindowFixedException(
                    "expression shape `" + p.tokens.get(p.at).text() + "` not re-windowable");
        }
        return n;
    }

    /** The distinct ranges of the {@code rate()}/{@code increase()} calls in {@code n}. */
    static Set<Long> ranges(Node n) {
        Set<Long> out = new TreeSet<>();
        collectRanges(n, out);
        return out;
    }

    private static void collectRanges(Node n, Set<Long> out) {
        if (n instanceof Rate r) {
            out.add(r.rangeMs());
        } else if (n instanceof Sum s) {
            collectRanges(s.arg(), out);
        } else if (n instanceof Binary b) {
            collectRanges(b.left(), out);
            collectRanges(b.right(), out);
        }
    }

    /** {@code n} with every range {@code from} replaced by {@code to}. */
    static Node rewindow(Node n, long from, long to) {
        if (n instanceof Rate r) {
            return r.rangeMs() == from ? new Rate(r.selector(), to, r.perSecond()) : r;
        }
        if (n instanceof Sum s) {
            return new Sum(s.labels(), s.without(), rewindow(s.arg(), from, to));
        }
        if (n instanceof Binary b) {
            return new Binary(
                    b.op(), b.on(), b.ignoring(), rewindow(b.left(), from, to), rewindow(b.right(), from, to));
        }
        return n;
    }

    private Node or() {
        Node left = additive();
        while (peekWord("or")) {
            at++;
            Matching m = matching();
            left = new Binary("or", m.labels(), m.ignoring(), left, additive());
        }
        if (peekWord("and") || peekWord("unless")) {
            throw fixed("`" + peek().text() + "` inside a compared side");
        }
        if (peek() != null && peek().kind() == Kind.OP && !"+-*/".contains(peek().text())) {
            throw fixed("the operator `" + peek().text() + "` inside a compared side");
        }
        return left;
    }

    private Node additive() {
        Node left = multiplicative();
        while (peekOp("+") || peekOp("-")) {
            String op = tokens.get(at++).text();
            Matching m = matching();
            left = new Binary(op, m.labels(), m.ignoring(), left, multiplicative());
        }
        return left;
    }

    private Node multiplicative() {
        Node left = unary();
        while (peekOp("*") || peekOp("/")) {
            String op = tokens.get(at++).text();
            Matching m = matching();
            left = new Binary(op, m.labels(), m.ignoring(), left, unary());
        }
        if (peekOp("%") || peekOp("^")) {
            throw fixed("the operator `" + peek().text() + "`");
        }
        return left;
    }

    private Node unary() {
        if (peekOp("-")) {
            at++;
            return new Binary("*", null, false, new Num(-1), unary());
        }
        if (peekOp("+")) {
            at++;
        }
        return primary();
    }

    private Node primary() {
        Token t = next("an expression");
        Node n;
        if (t.kind() == Kind.NUMBER) {
            n = new Num(number(t.text()));
        } else if (t.kind() == Kind.OPEN) {
            n = or();
            expect(Kind.CLOSE, ")");
        } else if (t.kind() == Kind.IDENT) {
            n = identifier(t.text());
        } else {
            throw fixed("`" + t.text() + "`");
        }
        if (peek() != null && peek().kind() == Kind.RANGE) {
            throw fixed("the subquery or range `" + peek().text() + "` outside rate()");
        }
        if (peekWord("offset")) {
            throw fixed("`offset`");
        }
        return n;
    }

    private Node identifier(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean call = peek() != null && peek().kind() == Kind.OPEN;
        if (lower.equals("sum")) {
            return sum();
        }
        if ((lower.equals("rate") || lower.equals("increase")) && call) {
            at++;
            Token selector = next("a selector");
            String text = selector.kind() == Kind.IDENT ? selector.text() : "";
            if (selector.kind() == Kind.BRACES) {
                text = selector.text();
            } else if (peek() != null && peek().kind() == Kind.BRACES) {
                text += next("").text();
            }
            Token range = next("a range");
            if (range.kind() != Kind.RANGE || range.text().contains(":")) {
                throw fixed(lower + "() of `" + range.text() + "`, not of a selector with a range");
            }
            long ms = duration(range.text().substring(1, range.text().length() - 1));
            if (peekWord("offset")) {
                throw fixed("`offset`");
            }
            expect(Kind.CLOSE, ")");
            return new Rate(CounterSelectors.normalize(text), ms, lower.equals("rate"));
        }
        if (call) {
            throw fixed("the function or aggregation `" + name + "`");
        }
        if (peek() != null && peek().kind() == Kind.BRACES) {
            throw fixed("the selector `" + name + peek().text() + "` outside rate()");
        }
        String expansion = recordingRules.get(name);
        if (expansion == null) {
            throw fixed("`" + name + "`, which is neither rate() of a counter nor a recording rule the run recorded");
        }
        return parse(expansion, Map.of());
    }

    private Node sum() {
        Grouping before = grouping();
        expect(Kind.OPEN, "(");
        Node arg = or();
        expect(Kind.CLOSE, ")");
        Grouping after = before == null ? grouping() : null;
        Grouping g = before != null ? before : after;
        return g == null ? new Sum(List.of(), false, arg) : new Sum(g.labels(), g.without(), arg);
    }

    private record Grouping(List<String> labels, boolean without) {}

    private record Matching(List<String> labels, boolean ignoring) {}

    private Grouping grouping() {
        if (peekWord("by") || peekWord("without")) {
            boolean without = tokens.get(at++).text().equalsIgnoreCase("without");
            return new Grouping(labels(), without);
        }
        return null;
    }

    private Matching matching() {
        if (peekWord("bool")) {
            throw fixed("`bool`");
        }
        Matching m = new Matching(null, false);
        if (peekWord("on") || peekWord("ignoring")) {
            boolean ignoring = tokens.get(at++).text().equalsIgnoreCase("ignoring");
            m = new Matching(labels(), ignoring);
        }
        if (peekWord("group_left") || peekWord("group_right")) {
            throw fixed("`" + peek().text() + "`");
        }
        return m;
    }

    private List<String> labels() {
        expect(Kind.OPEN, "(");
        List<String> out = new ArrayList<>();
        while (peek() != null && peek().kind() != Kind.CLOSE) {
            Token t = next("a label");
            if (t.kind() == Kind.IDENT) {
                out.add(t.text());
            } else if (t.kind() != Kind.COMMA) {
                throw fixed("`" + t.text() + "` in a label list");
            }
        }
        expect(Kind.CLOSE, ")");
        return List.copyOf(out);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw fixed("the literal `" + text + "`");
        }
    }

    private static long duration(String text) {
        try {
            return PromDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new WindowFixedException("a range that is not a duration: " + e.getMessage());
        }
    }

    private Token peek() {
        return at < tokens.size() ? tokens.get(at) : null;
    }

    private boolean peekWord(String word) {
        Token t = peek();
        return t != null && t.kind() == Kind.IDENT && t.text().equalsIgnoreCase(word);
    }

    private boolean peekOp(String op) {
        Token t = peek();
        return t != null && t.kind() == Kind.OP && t.text().equals(op);
    }

    private Token next(String what) {
        if (at >= tokens.size()) {
            throw fixed("an expression that ends where " + what + " was expected");
        }
        return tokens.get(at++);
    }

    private void expect(Kind kind, String text) {
        Token t = next("`" + text + "`");
        if (t.kind() != kind) {
            throw fixed("`" + t.text() + "` where `" + text + "` was expected");
        }
    }

    private static WindowFixedException fixed(String shape) {
        return new WindowFixedException("expression shape " + shape + " not re-windowable");
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '[') {
                int end = closing(s, i, c == '{' ? '}' : ']');
                out.add(new Token(c == '{' ? Kind.BRACES : Kind.RANGE, s.substring(i, end + 1)));
                i = end + 1;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c)));
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int end = i;
                while (end < s.length()
                        && (Character.isLetterOrDigit(s.charAt(end))
                                || s.charAt(end) == '.'
                                || ((s.charAt(end) == '+' || s.charAt(end) == '-')
                                        && Character.toLowerCase(s.charAt(end - 1)) == 'e'))) {
                    end++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(i, end)));
                i = end;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int end = i;
                while (end < s.length()
                        && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_' || s.charAt(end) == ':')) {
                    end++;
                }
                out.add(new Token(Kind.IDENT, s.substring(i, end)));
                i = end;
            } else if (c == '"' || c == '\'' || c == '`') {
                throw fixed("the string literal at column " + (i + 1));
            } else {
                int end = i + 1;
                if (end < s.length() && s.charAt(end) == '=' && "=!<>".indexOf(c) >= 0) {
                    end++;
                }
                out.add(new Token(Kind.OP, s.substring(i, end)));
                i = end;
            }
        }
        return out;
    }

    /** The index of the bracket closing the one at {@code open}, skipping strings. */
    private static int closing(String s, int open, char close) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i++;
                while (i < s.length() && s.charAt(i) != c) {
                    i += s.charAt(i) == '\\' && c != '`' ? 2 : 1;
                }
            } else if (c == close) {
                return i;
            }
        }
        throw fixed("an unclosed `" + s.charAt(open) + "`");
    }
}
