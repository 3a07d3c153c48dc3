package io.cpchain.cli.demo;

import java.io.PrintStream;
import java.util.Map;

/**
 * One stage of {@code bin/cpchain demo}. The demo prepares every stage before the vehicles drive,
 * then checks the stages in order: each waits until its jobs' output has settled, checks it, prints
 * its figures and returns them.
 */
public interface DemoStage {

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
  }
}
