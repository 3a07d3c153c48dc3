package io.cpchain.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.simulate.SimulationOptions;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
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
 * simulated fleet. The summary is the stages' figures, and the demo succeeds when each stage does.
 */
@Command(name = "demo", description = "Run the pipeline end to end on the local stack and check that the output"
    + " balances the input.")
public final class DemoCommand implements Callable<Integer> {

  /** How long the fleet must drive for every stage to have closed windows to check. */
  private static final Duration MIN_FULL_RUN = Duration.ofSeconds(40);

  @Mixin StackOptions stackOptions;
  @Mixin SimulationOptions simulation;

  @Option(names = "--json", description = "end with one line of JSON: the summary, for scripts")
  boolean json;

  /** The stages in the order they are checked: each may read the results of those before it. */
  static List<DemoStage> stages(DemoRun run) throws Exception {
    return List.of(new IngestStage(run), new EncryptionStage(run), new AnchorStage(run), new SharingStage(run),
        new TrafficStage(run), new InsuranceStage(run));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Simulator.Settings settings = simulation.settings();
    LocalStack stack = stackOptions.stack();
    if (!stack.isUp()) {
      out.println("== starting the local stack in " + stack.config().workDir());
      stack.up(out);
    }
    if (settings.duration().compareTo(MIN_FULL_RUN) < 0) {
      out.println("note: a " + settings.duration().toSeconds() + " s run may close no encrypted traffic window (they"
          + " need about " + MIN_FULL_RUN.toSeconds() + " s of driving); those checks are then reported as not run");
    }
    Fleet fleet = Fleet.loadOrCreate(stack.config().workDir(), settings.devices(), System.currentTimeMillis());
    DemoRun run = new DemoRun(stack, stackOptions.flinkRestAddress(), fleet, settings);
    List<DemoStage> stages = stages(run);

    out.println("== the stages' jobs on Flink at http://" + run.flinkRestAddress());
    for (DemoStage stage : stages) {
      stage.prepare(out);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    boolean ok = true;
    boolean allChecked = true;
    for (DemoStage stage : stages) {
      DemoStage.Result result = stage.check(out);
      run.add(result);
      summary.putAll(result.json());
      ok &= result.ok();
      allChecked &= result.checked();
    }
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(summary));
    }
    out.println("the stack keeps running (Flink Web UI http://" + run.flinkRestAddress()
        + "); stop it with bin/cpchain down");
    if (!allChecked) {
      out.println("note: some stages had nothing closed to check; run the demo for at least "
          + MIN_FULL_RUN.toSeconds() + " s (the default is 60 s) to see every stage checked");
    }
    return ok ? 0 : 1;
  }
}
