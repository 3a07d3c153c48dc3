package io.cpchain.cli.demo;

import io.cpchain.cli.jobs.FlinkRest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.jobs.FlinkMetrics;
import io.cpchain.cli.simulate.SimulationOptions;
import io.cpchain.cli.simulate.Simulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the pipeline end to end on the local stack. Starts what is not running, prepares
 * every stage (their jobs, keys, topics), then checks the stages in order; the first drives the
 * simulated fleet. The summary is the stages' figures and their balance table; the demo succeeds
 * ({@code ok}) when every stage was checked, balances and holds its verdicts.
 */
@Command(name = "demo", description = "Run the pipeline end to end on the local stack and check that the output"
    + " balances the input.")
public final class DemoCommand implements Callable<Integer> {

  /** How long the fleet must drive for every stage to have closed windows to check. */
  private static final Duration MIN_FULL_RUN = Duration.ofSeconds(60);

  @Mixin StackOptions stackOptions;
  @Mixin SimulationOptions simulation;
  @Mixin StageSelection stageSelection;

  @Option(names = "--json", description = "end with one line of JSON: the summary, for scripts")
  boolean json;

  @Option(names = "--allow-unchecked", description = "succeed even when a stage had nothing closed to check"
      + " (a short run); by default every stage must be checked and balanced")
  boolean allowUnchecked;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Simulator.Settings settings = simulation.settings();
    stageSelection.check();
    if (settings.duration().compareTo(MIN_FULL_RUN) < 0) {
      out.println("note: a " + settings.duration().toSeconds() + " s run may close no encrypted traffic window (they"
          + " need about " + MIN_FULL_RUN.toSeconds() + " s of driving); those checks are then reported as not run");
    }
    DemoRun run = DemoRun.start(stackOptions, settings, out);
    List<DemoStage> stages = stageSelection.stages(run);
    run.prepare(stages, out);
    Map<String, Object> summary = new LinkedHashMap<>();
    Map<String, Object> balances = new LinkedHashMap<>();
    boolean verdicts = true;
    boolean allChecked = true;
    boolean allBalanced = true;
    List<DemoStage.Balance> table = new ArrayList<>();
    List<DemoStage.Result> results = run.check(stages, out);
    for (int i = 0; i < stages.size(); i++) {
      DemoStage stage = stages.get(i);
      DemoStage.Result result = results.get(i);
      summary.putAll(result.json());
      DemoStage.Balance balance = result.balance();
      table.add(balance);
      balances.put(stage.name(), balance.json());
      verdicts &= result.ok();
      allChecked &= balance.checked() && result.checked();
      allBalanced &= !balance.checked() || balance.balanced();
    }
    printCheckpoints(out, run.flinkRest());
    printStages(out, stages, table);
    boolean ok = verdicts && allBalanced && (allChecked || allowUnchecked);
    summary.put("stages", balances);
    summary.put("ok", ok);
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(summary));
    }
    out.println("the stack keeps running (Flink Web UI " + run.flinkRest().uri("")
        + (run.flinkRest().identity().isPresent() ? " " + run.stack().webUiNote() : "") + "); stop it with bin/cpchain down");
    if (!allChecked) {
      out.println((allowUnchecked ? "note" : "not ok") + ": some stages had nothing closed to check; run the demo"
          + " for at least " + MIN_FULL_RUN.toSeconds() + " s (the default is 60 s) to see every stage checked"
          + (allowUnchecked ? "" : ", or pass --allow-unchecked"));
    }
    return ok ? 0 : 1;
  }

  /** Every stage's balance, one line each, as the JSON {@code stages} holds them. */
  private static void printStages(PrintStream out, List<DemoStage> stages, List<DemoStage.Balance> table) {
    out.println("== stages");
    out.printf("%-10s %-14s %10s %10s %14s  %s%n", "stage", "unit", "in", "out", "dead-lettered", "verdict");
    for (int i = 0; i < stages.size(); i++) {
      DemoStage.Balance b = table.get(i);
      out.printf("%-10s %-14s %10d %10d %14d  %s%n", stages.get(i).name(), b.unit(), b.in(), b.out(),
          b.deadLettered(), !b.checked() ? "not checked" : b.balanced() ? "balanced" : "NOT BALANCED");
    }
  }

  /** How long the jobs' commits took: what the downstream jobs' idleness settings must outlast. */
  private static void printCheckpoints(PrintStream out, FlinkRest flinkRest) throws Exception {
    out.println("== checkpoints (each commits its job's output; the longest bounds the gap between commits)");
    new FlinkMetrics(flinkRest).checkpointsOfRunningJobs().forEach((job, c) -> out.printf(
        "%-32s %4d completed, %d failed, longest %.1f s%s%n", job, c.completed(), c.failed(),
        c.longest().toMillis() / 1000.0, c.lastFailure().map(why -> "; the last failed: " + why).orElse("")));
  }
}
