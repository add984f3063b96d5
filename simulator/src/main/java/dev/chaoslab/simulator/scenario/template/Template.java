package dev.chaoslab.simulator.scenario.template;

import dev.chaoslab.simulator.scenario.ReservedRequests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compiled string template: literal text with {@code ${…}} expressions, compiled once when the
 * scenario is loaded and rendered per request with no parsing.
 *
 * <table>
 *   <caption>Expressions</caption>
 *   <tr><td>{@code ${name}}</td><td>a value of the scenario's {@code data:} variable {@code name}, drawn at
 *     random per use (e.g. {@code ${sku}} from {@code data: {sku: {from: 1, to: 50, format: SKU-%03d}}})</td></tr>
 *   <tr><td>{@code ${randomInt(a,b)}}</td><td>a random integer in {@code [a, b]}</td></tr>
 *   <tr><td>{@code ${uuid}}</td><td>a random UUID</td></tr>
 *   <tr><td>{@code ${seq}}</td><td>the run's next sequence number (1, 2, …)</td></tr>
 *   <tr><td>{@code ${steps.<name>.body.<path>}}</td><td>a value from an earlier journey step's JSON response;
 *     the path is dotted fields with {@code [i]} indexes, e.g. {@code items[0].sku}</td></tr>
 *   <tr><td>{@code ${steps.<name>.status}}</td><td>an earlier step's HTTP status</td></tr>
 * </table>
 * {@code $$} writes a literal {@code $}. Immutable and thread-safe.
 */
public final class Template {
    /** The built-in variables a template may use besides the scenario's data, for error messages and the docs. */
    public static final List<String> VARIABLES =
            List.of("randomInt(a,b)", "uuid", "seq", "steps.<name>.body.<path>", "steps.<name>.status");
    /** Names a data variable may not take: the built-in ones. */
    public static final Set<String> RESERVED = Set.of("randomInt", "uuid", "seq", "steps");

    private final String source;
    private final Object[] parts; // String literals and Expr
    private final Set<String> stepRefs;

    private Template(String source, Object[] parts, Set<String> stepRefs) {
        this.source = source;
        this.parts = parts;
        this.stepRefs = stepRefs;
    }

    /** Compiles a template that uses no data variables; see {@link #compile(String, Map)}. */
    public static Template compile(String source) {
        return compile(source, Map.of());
    }

    /**
     * Compiles a template.
     *
     * @param data the scenario's {@code data:} variables by name
     * @throws TemplateException with the offset of the problem (unknown variable, bad arguments, unclosed {@code ${})
     */
    public static Template compile(String source, Map<String, DataVariable> data) {
        List<Object> parts = new ArrayList<>();
        Set<String> refs = new LinkedHashSet<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '$') {
                lit.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                int close = source.indexOf('}', i + 2);
                if (close < 0) {
                    throw new TemplateException("'${' at offset " + i + " is never closed with '}'", i);
                }
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                Expr e = parse(source.substring(i + 2, close).trim(), i, data);
                if (e instanceof Expr.StepRef r) {
                    refs.add(r.step());
                }
                parts.add(e);
                i = close + 1;
            } else {
                lit.append(c);
                i++;
            }
        }
        if (lit.length() > 0 || parts.isEmpty()) {
            parts.add(lit.toString());
        }
        return new Template(source, parts.toArray(), Collections.unmodifiableSet(refs));
    }

    private static Expr parse(String expr, int offset, Map<String, DataVariable> data) {
        DataVariable variable = data.get(expr);
        if (variable != null) {
            return new Expr.Data(expr, variable);
        }
        switch (expr) {
            case "uuid":
                return new Expr.Uuid();
            case "seq":
                return new Expr.Seq();
            default:
                break;
        }
        if (expr.startsWith("randomInt(") && expr.endsWith(")")) {
            String[] args =
                    expr.substring("randomInt(".length(), expr.length() - 1).split(",");
            try {
                if (args.length != 2) {
                    throw new NumberFormatException();
                }
                long a = Long.parseLong(args[0].trim());
                long b = Long.parseLong(args[1].trim());
                if (a > b) {
                    throw new TemplateException(
                            "${" + expr + "}: the lower bound " + a + " is above the upper bound " + b, offset);
                }
                if (b == Long.MAX_VALUE || b - a < 0) {
                    throw new TemplateException(
                            "${" + expr + "}: the range " + a + " … " + b + " is too wide; its size must "
                                    + "fit a 64-bit integer",
                            offset);
                }
                return new Expr.RandomInt(a, b);
            } catch (NumberFormatException ex) {
                throw new TemplateException(
                        "${" + expr + "}: write randomInt(a,b) with two integers, e.g. randomInt(1,100)", offset);
            }
        }
        if (expr.startsWith("steps.")) {
            return stepRef(expr, offset);
        }
        throw new TemplateException(
                "unknown variable ${" + expr + "}; known: " + String.join(", ", VARIABLES)
                        + (data.isEmpty() ? "" : ", " + String.join(", ", new TreeSet<>(data.keySet())))
                        + "; declare other values under the scenario's data:, e.g. data: {" + expr + ": [a, b]}",
                offset);
    }

    private static Expr stepRef(String expr, int offset) {
        String rest = expr.substring("steps.".length());
        int dot = rest.indexOf('.');
        String step = dot < 0 ? rest : rest.substring(0, dot);
        String what = dot < 0 ? "" : rest.substring(dot + 1);
        if (step.isEmpty()) {
            throw new TemplateException("${" + expr + "}: name the step, e.g. ${steps.create.body.id}", offset);
        }
        if (what.equals("status")) {
            return new Expr.StepRef(step, true, List.of(), expr);
        }
        if (!what.startsWith("body.") && !what.equals("body")) {
            throw new TemplateException(
                    "${" + expr + "}: write ${steps." + step + ".body.<path>} or ${steps." + step + ".status}", offset);
        }
        List<Object> path = new ArrayList<>();
        String p = what.length() > 4 ? what.substring(5) : "";
        for (String seg : p.isEmpty() ? new String[0] : p.split("\\.", -1)) {
            int b = seg.indexOf('[');
            String field = b < 0 ? seg : seg.substring(0, b);
            if (!field.isEmpty()) {
                path.add(field);
            } else if (b != 0) {
                throw new TemplateException("${" + expr + "}: empty field name in the path", offset);
            }
            while (b >= 0) {
                int e = seg.indexOf(']', b);
                if (e < 0) {
                    throw new TemplateException("${" + expr + "}: '[' without ']' in the path", offset);
                }
                try {
                    path.add(Integer.parseInt(seg.substring(b + 1, e)));
                } catch (NumberFormatException ex) {
                    throw new TemplateException("${" + expr + "}: an index must be a number, e.g. items[0]", offset);
                }
                b = seg.indexOf('[', e);
            }
        }
        return new Expr.StepRef(step, false, List.copyOf(path), expr);
    }

    /** The template as written. */
    public String source() {
        return source;
    }

    /** Whether rendering always gives the same text (no expressions). */
    public boolean isConstant() {
        return parts.length == 1 && parts[0] instanceof String;
    }

    /** The journey steps this template reads from. */
    public Set<String> stepRefs() {
        return stepRefs;
    }

    /** Renders the template. */
    public String render(TemplateContext ctx) {
        if (isConstant()) {
            return (String) parts[0];
        }
        StringBuilder sb = new StringBuilder(source.length() + 16);
        appendTo(sb, ctx);
        return sb.toString();
    }

    /** Renders the template onto {@code sb}. */
    public void appendTo(StringBuilder sb, TemplateContext ctx) {
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
            } else {
                sb.append(((Expr) p).value(ctx));
            }
        }
    }

    /**
     * Renders the template as a URL path: the literal text as written, each expression's value percent-encoded as
     * one path segment ({@code /}, {@code ?}, {@code #}, {@code %} and everything outside RFC 3986's {@code pchar}),
     * so a value taken from a response cannot steer the request to another route. A rendered path that lands on the
     * targets' chaos API ({@code /${x}/faults} with x = chaos) throws a {@link TemplateException}: the request is an
     * error of its arrival and is never sent (a constant path there was refused when the scenario loaded).
     */
    public String renderPath(TemplateContext ctx) {
        if (isConstant()) {
            return (String) parts[0];
        }
        StringBuilder sb = new StringBuilder(source.length() + 16);
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
            } else {
                encodeSegment(sb, String.valueOf(((Expr) p).value(ctx)));
            }
        }
        String path = sb.toString();
        if (ReservedRequests.chaosRoute(path) != null) {
            throw new TemplateException(CHAOS_ROUTE_RENDERED);
        }
        return path;
    }

    /** The message (and so the error kind) of a rendered path refused because it names the chaos API. */
    public static final String CHAOS_ROUTE_RENDERED =
            "the path rendered to the targets' chaos API (/chaos/…) and was not sent: scenario traffic may not change"
                    + " faults; check the values templated into the path";

    private static void encodeSegment(StringBuilder sb, String value) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The single expression when the template is exactly one {@code ${…}}, else null. */
    Expr soleExpression() {
        return parts.length == 1 && parts[0] instanceof Expr e ? e : null;
    }

    @Override
    public String toString() {
        return source;
    }
}
