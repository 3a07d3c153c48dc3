package io.cpchain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with its usage, and {@code help <command>} does too. */
class HelpTest {

  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelp() {
    return commandPaths(Cpchain.commandLine(), new ArrayList<>()).stream().map(path -> {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      return DynamicTest.dynamicTest(String.join(" ", args), () -> assertPrintsUsage(args, path));
    });
  }

  @TestFactory
  Stream<DynamicTest> helpNamesEveryCommand() {
    return Cpchain.commandLine().getSubcommands().keySet().stream().map(name -> DynamicTest.dynamicTest(
        "help " + name, () -> assertPrintsUsage(List.of("help", name), List.of(name))));
  }

  /** Exit 0, nothing on stderr, and the usage of the command that {@code path} names. */
  private static void assertPrintsUsage(List<String> args, List<String> path) {
    CommandLine cli = Cpchain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args.toArray(String[]::new));
    assertEquals(0, code, err.toString());
    String usage = "Usage: " + String.join(" ", Stream.concat(Stream.of("cpchain"), path.stream()).toList());
    assertTrue(out.toString().contains(usage + " "), "no '" + usage + "' in:\n" + out);
    assertEquals("", err.toString());
  }

  /** The argument lists that name each command of the tree: [], [up], [bench], [bench, ingest], ... */
  private static List<List<String>> commandPaths(CommandLine command, List<String> path) {
    List<List<String>> paths = new ArrayList<>();
    paths.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      List<String> longer = new ArrayList<>(path);
      longer.add(name);
      paths.addAll(commandPaths(sub, longer));
    });
    return paths;
  }
}
