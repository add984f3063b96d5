package dev.chaoslab.simulator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in {@code README.md} and {@code docs/**}{@code /*.md} points at a file or directory that
 * exists, and a link with {@code #anchor} into a Markdown file at one of its headings (GitHub's anchor rules).
 * Links in code blocks and code spans are not links and are skipped.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    @DisplayName("every relative link in README.md and docs/ resolves to a file and, with #anchor, to a heading")
    void relativeLinksResolve() throws IOException {
        Path root = RepositoryFiles.root();
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            for (String target : links(Files.readString(page, StandardCharsets.UTF_8))) {
                links++;
                String problem = check(root, page, target);
                if (problem != null) {
                    broken.add(root.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(links).as("links found in %d pages", pages.size()).isPositive();
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    @DisplayName("a heading's anchor is GitHub's: lower case, punctuation dropped, spaces as hyphens, repeats numbered")
    void anchorsFollowGitHub() {
        assertThat(anchorsOf(
                        "# Alert verdicts\n## `fires`, `resolves`\n## Alert verdicts\n```\n# not a heading\n```\n"))
                .containsExactlyInAnyOrder("alert-verdicts", "fires-resolves", "alert-verdicts-1");
    }

    private String check(Path root, Path page, String target) throws IOException {
        String decoded = URLDecoder.decode(target.replace("+", "%2B"), StandardCharsets.UTF_8);
        int hash = decoded.indexOf('#');
        String file = hash < 0 ? decoded : decoded.substring(0, hash);
        String anchor = hash < 0 ? null : decoded.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file: " + root.relativize(resolved);
        }
        if (anchor != null && resolved.toString().endsWith(".md")) {
            Set<String> known = anchors.computeIfAbsent(resolved, p -> {
                try {
                    return anchorsOf(Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            if (!known.contains(anchor)) {
                return "no heading with anchor #" + anchor + " in " + resolved.getFileName();
            }
        }
        return null;
    }

    /** The relative link targets of a Markdown text, outside fenced code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(markdown)) {
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                String target = m.group(1);
                if (!EXTERNAL.matcher(target).matches()) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings of a Markdown text. */
    static Set<String> anchorsOf(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> repeats = new HashMap<>();
        for (String line : proseLines(markdown)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = m.group(1)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                        .replace(' ', '-');
                int n = repeats.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    private static List<String> proseLines(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }
}
