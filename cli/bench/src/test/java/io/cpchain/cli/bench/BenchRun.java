package io.cpchain.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/** A bench command run in this JVM as bin/cpchain runs it, with what it printed and its {@code --json} line. */
public record BenchRun(int exitCode, String out, String err, JsonNode json) {

  /** Runs {@code command} with {@code args}; what it printed comes with every failed assertion. */
  public static BenchRun of(Object command, String... args) throws IOException {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      CommandLine cli = new CommandLine(command);
      cli.setErr(new PrintWriter(err, true));
      code = cli.execute(args);
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    String[] lines = printed.strip().split("\n");
    String last = lines[lines.length - 1];
    JsonNode json = last.startsWith("{") ? new ObjectMapper().readTree(last) : null;
    return new BenchRun(code, printed, err.toString(), json);
  }

  /**
   * The run succeeded and its JSON line holds every key named, each number positive (those in
   * {@code mayBeZero} at least 0), with the machine line: figures present, never a speed.
   */
  public void assertFigures(Set<String> keys, Set<String> mayBeZero) {
    assertEquals(0, exitCode, out + err);
    assertTrue(json != null, "the last line is the JSON of the figures:\n" + out);
    for (String key : keys) {
      assertTrue(json.has(key), "figure " + key + " in " + json);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> figure = it.next();
      if (figure.getValue().isNumber()) {
        double value = figure.getValue().asDouble();
        assertTrue(mayBeZero.contains(figure.getKey()) ? value >= 0 : value > 0, figure + " in " + json);
      }
    }
    assertTrue(json.path("machine").asText().contains("cores"), "the machine in " + json);
    assertTrue(out.contains("machine: "), "the machine line printed with the results");
  }

  /** The first of {@code count} consecutive ports free now on the loopback interface. */
  public static int freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first;
      try (ServerSocket probe = new ServerSocket(0)) {
        first = probe.getLocalPort();
      }
      if (first + count < 65_000 && allFree(first, count)) {
        return first;
      }
    }
    throw new IOException("no " + count + " consecutive free ports");
  }

  private static boolean allFree(int first, int count) {
    for (int port = first; port < first + count; port++) {
      try (ServerSocket taken = new ServerSocket(port)) {
        taken.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
