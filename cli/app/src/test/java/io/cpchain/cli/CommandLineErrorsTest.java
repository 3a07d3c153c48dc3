package io.cpchain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A wrong argument is one line on stderr saying what is wrong, and a non-zero exit. */
class CommandLineErrorsTest {

  @Test
  void anUnknownOptionIsOneLine() {
    Result result = run("demo", "--devcies", "10");
    assertEquals(2, result.exitCode);
    assertEquals(1, result.errLines(), result.err);
    assertTrue(result.err.startsWith("cpchain: Unknown option"), result.err);
    assertTrue(result.err.contains("'--devcies'"), result.err);
  }

  @Test
  void aMalformedValueIsOneLine() {
    Result result = run("simulate", "--duration", "ten seconds");
    assertEquals(2, result.exitCode);
    assertEquals(1, result.errLines(), result.err);
    assertTrue(result.err.contains("--duration"), result.err);
  }

  @Test
  void anOutOfRangeSettingIsOneLine() {
    Result result = run("simulate", "--bad-rate", "1.5", "--work-dir", "target/no-stack-here");
    assertEquals(2, result.exitCode);
    assertEquals("cpchain: --bad-rate must be between 0 and 1", result.err.strip());
  }

  @Test
  void aStageSelectionMissingWhatAStageReadsIsOneLineBeforeAnythingStarts() {
    Result unknown = run("demo", "--stages", "ingest,encryption", "--work-dir", "target/stages-refused");
    assertEquals(2, unknown.exitCode);
    assertEquals("cpchain: --stages: no stage 'encryption'; the stages are [ingest, encrypt, anchor, sharing, traffic,"
        + " insurance, market]", unknown.err.strip());
    Result missing = run("chaos", "--stages", "ingest,anchor", "--work-dir", "target/stages-refused");
    assertEquals(2, missing.exitCode);
    assertEquals("cpchain: --stages: anchor reads encrypt; name it too", missing.err.strip());
    assertFalse(Files.exists(Path.of("target/stages-refused")), "nothing started");
  }

  @Test
  void aBadInsuranceBenchSettingIsOneLine() {
    Result result = run("bench", "insurance", "--drivers", "513");
    assertEquals(2, result.exitCode);
    assertEquals("cpchain: --drivers must be 1..512", result.err.strip());
  }

  @Test
  void aMalformedInsurerAddressIsOneLine() {
    Result result = run("consent", "grant", "--insurer", "insurer-1", "--device", "veh-00001",
        "--work-dir", "target/no-stack-here");
    assertEquals(2, result.exitCode);
    assertEquals("cpchain: --insurer must be a 0x-prefixed 20-byte address, got 'insurer-1'", result.err.strip());
  }

  @Test
  void otpSubscribeTakesOnlyALiveStreamInOneLine() {
    Result dataset = run("otp", "subscribe", "otp://0x00000000000000000000000000000000000000aa/datasets/traffic",
        "--key", "no-such.key", "--work-dir", "target/no-stack-here");
    assertEquals(2, dataset.exitCode);
    assertEquals(1, dataset.errLines(), dataset.err);
    assertTrue(dataset.err.startsWith("cpchain: otp subscribe takes a live stream"), dataset.err);
    Result malformed = run("otp", "subscribe", "otp://0x00000000000000000000000000000000000000aa/devices/m!1/live",
        "--key", "no-such.key", "--work-dir", "target/no-stack-here");
    assertEquals(2, malformed.exitCode);
    assertEquals(1, malformed.errLines(), malformed.err);
    assertTrue(malformed.err.contains("device id"), malformed.err);
  }

  @Test
  void chainInitNamesTheNodeThatIsNoAddressInOneLine() {
    Result result = run("chain", "init", "--nodes", "10.0.0.1:7301,10.0.0.2", "--out", "target/no-chain-here");
    assertEquals(2, result.exitCode);
    assertEquals("cpchain: --nodes: '10.0.0.2' is not HOST:PORT", result.err.strip());
    Result twice = run("chain", "init", "--nodes", "a.example:7301,a.example:7301", "--out", "target/no-chain-here");
    assertEquals("cpchain: --nodes names a.example:7301 twice", twice.err.strip());
  }

  private static Result run(String... args) {
    CommandLine cli = Cpchain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute(args);
    return new Result(code, err.toString());
  }

  private record Result(int exitCode, String err) {
    long errLines() {
      return err.lines().filter(l -> !l.isBlank()).count();
    }
  }
}
