package dev.chaoslab.simulator.scenario;

import java.util.List;

/** Suggests the known name closest to a misspelt one, so a problem message can say what was probably meant. */
final class Suggestions {
    private Suggestions() {}

    /** The message for an unknown key: the closest known key when one is near, then every known key. */
    static String unknownKey(String key, List<String> known) {
        String best = closest(key, known);
        return "unknown key '" + Excerpt.of(key) + "'" + (best != null ? "; did you mean '" + best + "'?" : ".")
                + " Known keys: " + String.join(", ", known);
    }

    /** The candidate nearest to {@code word} by edit distance, or null when none is near enough to be a typo. */
    static String closest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = levenshtein(word.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, best.length() / 3) ? best : null;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
