package dev.chaoslab.simulator.docs;

import dev.chaoslab.simulator.Main;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Renders the reference page of the {@code chaoslab} command line ({@code docs/cli.md}) from its picocli model:
 * a heading and the usage message of the top command and of every subcommand, in declaration order, at a fixed
 * width and without colours, so the page does not depend on the terminal.
 *
 * <p>Defaults that picocli reads from environment variables ({@code ${env:CHAOSLAB_DATA_DIR:-…}}) appear as
 * they are in the process that renders; {@link CliReferenceTest} therefore runs {@link #main} in a child JVM
 * with an empty environment.
 */
public final class CliReference {

    /** Columns of the usage messages. */
    static final int WIDTH = 120;

    static final String HEADER = """
      # Command line reference

      <!-- Generated from the picocli commands by dev.chaoslab.simulator.docs.CliReference; do not edit.
           Regenerate: %s -->

      `java -jar app/target/chaoslab.jar <command>`; `./scripts/demo.sh` runs `demo`. Defaults shown are those
      with no `CHAOSLAB_*` environment variable set. What the commands do, with examples: [getting-started.md](getting-started.md).
      """;

    /** The Maven command that rewrites {@code docs/cli.md}. */
    static final String REGENERATE =
            "mvn -B -pl app -am test -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false "
                    + "-Dchaoslab.docs.update=true";

    private CliReference() {}

    /** Prints the page for {@link Main#commandLine()} on stdout. */
    public static void main(String[] args) {
        System.out.print(render(Main.commandLine()));
        System.out.flush();
    }

    /** The Markdown page: one section per command, the top command first, each subcommand once. */
    static String render(CommandLine root) {
        StringBuilder page = new StringBuilder(String.format(HEADER, REGENERATE));
        for (CommandLine command : commands(root)) {
            command.setUsageHelpWidth(WIDTH);
            command.setUsageHelpAutoWidth(false);
            page.append("\n## `")
                    .append(command.getCommandSpec().qualifiedName())
                    .append("`\n\n```text\n")
                    .append(withoutTrailingSpaces(command.getUsageMessage(Ansi.OFF)))
                    .append("\n```\n");
        }
        return page.toString();
    }

    private static String withoutTrailingSpaces(String text) {
        return text.lines()
                .map(String::stripTrailing)
                .collect(Collectors.joining("\n"))
                .stripTrailing();
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> commands = new ArrayList<>();
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(root, commands, seen);
        return commands;
    }

    private static void collect(CommandLine command, List<CommandLine> commands, Set<CommandLine> seen) {
        if (!seen.add(command)) {
            return;
        }
        commands.add(command);
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            collect(sub.getValue(), commands, seen);
        }
    }
}
