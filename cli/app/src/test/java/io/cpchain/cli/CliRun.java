package io.cpchain.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One bin/cpchain command run in this JVM as a user runs it: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  /** {@code command}, then the stack's options, then the command's own. */
  static CliRun of(List<String> stack, String command, String... options) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(stack);
    args.addAll(List.of(options));
    PrintStream originalOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(new TeeStream(out, originalOut), true, StandardCharsets.UTF_8));
      var cli = Cpchain.commandLine();
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute(args.toArray(String[]::new));
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(originalOut);
    }
  }

  /** The last line of JSON it printed (a command's {@code --json} summary). */
  JsonNode lastJson() throws IOException {
    JsonNode last = null;
    for (String line : out.strip().split("\n")) {
      if (line.startsWith("{")) {
        last = new ObjectMapper().readTree(line);
      }
    }
    assertTrue(last != null, "a JSON summary line: " + out);
    return last;
  }

  /** Keeps what the command prints, and still shows it in the test's own output. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
