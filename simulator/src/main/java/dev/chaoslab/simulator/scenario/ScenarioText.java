package dev.chaoslab.simulator.scenario;

import java.util.List;
import java.util.regex.Pattern;

/** The name rule and the wording the scenario's section parsers share. Stateless. */
final class ScenarioText {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private ScenarioText() {}

    /** Reads the name at {@code key}; one that breaks the name rule is reported to {@code tree} (and still returned). */
    static String checkName(Tree tree, Tree.Obj o, String key, boolean required) {
        String n = o.str(key, required);
        if (n != null && !NAME.matcher(n).matches()) {
            tree.problem(
                    o.node(key),
                    o.field(key),
                    "expected a name of letters, digits, '.', '_' or '-' (at most 63, starting with a letter or digit), got '"
                            + n + "'");
        }
        return n;
    }

    /** The message for a reference to nothing known, with the closest known name as a suggestion. */
    static String unknownRef(String what, String value, List<String> known) {
        String best = Suggestions.closest(value, known);
        return "unknown " + what + " '" + value + "'" + (best != null ? "; did you mean '" + best + "'?" : ".")
                + " Expected one of: " + (known.isEmpty() ? "(none defined)" : String.join(", ", known));
    }

    /** A number as a scenario writes it: whole numbers without a decimal point. */
    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
