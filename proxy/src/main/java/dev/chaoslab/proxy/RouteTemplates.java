package dev.chaoslab.proxy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The route templates of a proxy ({@code /api/orders/:id}): they turn raw paths into low-cardinality
 * {@code route} labels for metrics, access lines and fault {@code match.route}. A path no template matches is
 * labelled {@link #UNMATCHED}, never by itself, so ids in paths cannot explode the label set.
 *
 * @param templates the templates, in the order they are tried; distinct, each valid ({@link #check})
 */
public record RouteTemplates(List<String> templates) {

    /** The label of every path no template matches (also a valid {@code match.route} for faults). */
    public static final String UNMATCHED = "/*";
    /** The most templates a proxy takes: each is a label value in every RED series. */
    public static final int MAX_TEMPLATES = 200;
    /** A template: {@code /} then segments of literal characters or {@code :param}; a final {@code *} is allowed. */
    private static final Pattern TEMPLATE =
            Pattern.compile("/|(/(:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9._~!$&'()+,;=@-]+))+/?(\\*)?|/\\*");

    public RouteTemplates {
        templates = List.copyOf(templates);
        if (templates.size() > MAX_TEMPLATES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_TEMPLATES + " route templates, not " + templates.size());
        }
        if (new LinkedHashSet<>(templates).size() != templates.size()) {
            throw new IllegalArgumentException("route templates must be distinct: " + templates);
        }
        for (String template : templates) {
            String problem = check(template);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    /** No templates: every path is {@link #UNMATCHED}. */
    public static RouteTemplates none() {
        return new RouteTemplates(List.of());
    }

    /** What is wrong with {@code template}, or {@code null} when it is a valid template. */
    public static String check(String template) {
        if (template == null || !template.startsWith("/")) {
            return "a route template starts with '/', e.g. /api/orders/:id, not '" + template + "'";
        }
        if (template.equals(UNMATCHED)) {
            return "'" + UNMATCHED + "' is the label of unmatched paths; it needs no template";
        }
        if (template.length() > 256 || !TEMPLATE.matcher(template).matches()) {
            return "'" + template + "' is not a route template: literal segments and :params, e.g. /api/orders/:id";
        }
        return null;
    }

    /** Every label a request can get: the templates, then {@link #UNMATCHED}. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>(templates);
        labels.add(UNMATCHED);
        return labels;
    }
}
