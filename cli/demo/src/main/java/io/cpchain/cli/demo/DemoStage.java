package io.cpchain.cli.demo;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stage of {@code bin/cpchain demo}. The demo prepares every stage before the vehicles drive,
 * then checks the stages in order: each waits until its jobs' output has settled, checks it, prints
 * its figures and returns them.
 */
public interface DemoStage {

  /** The stage's name in the demo's stage table and its JSON {@code stages}. */
  String name();

  /** Before the vehicles drive: what the stage needs running (keys, topics, jobs). */
  default void prepare(PrintStream out) throws Exception {}

  /** After the stages before it: waits for this stage's output, checks and prints it. */
  Result check(PrintStream out) throws Exception;

  /** A stage's figures and verdict. */
  interface Result {

    /** The keys this stage adds to the demo's {@code --json} line. */
    Map<String, Object> json();

    /** Whether anything had closed for the stage to check (a run shorter than its windows has none). */
    default boolean checked() {
      return true;
    }

    /** Right, or not checked: an unchecked stage is reported as such, not failed. */
    boolean ok();

    /** What went into the stage and what came out of it, for the demo's stage table. */
    Balance balance();
  }

  /**
   * One stage's records: {@code in} of them reached it, {@code out} came out and
   * {@code deadLettered} went to its dead letters with their reason; {@code balanced} when every
   * record in is accounted for (for ingest also: every bad record under the reason it was made
   * with). {@code checked} is false when nothing had closed for the stage to count.
   */
  record Balance(String unit, long in, long out, long deadLettered, boolean balanced, boolean checked) {

    static Balance of(String unit, long in, long out, long deadLettered, boolean checked) {
      return new Balance(unit, in, out, deadLettered, in == out + deadLettered, checked);
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("unit", unit);
      json.put("in", in);
      json.put("out", out);
      json.put("dead_lettered", deadLettered);
      json.put("balanced", balanced);
      json.put("checked", checked);
      return json;
    }
  }
}
