package io.cpchain.cli.demo;

import io.cpchain.cli.jobs.FlinkRest;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.consensus.client.ChainClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What every stage of one demo run shares: the stack, the fleet, the settings, and the earlier stages' results. */
public final class DemoRun {

  /**
   * How far out of event-time order the demo's windowed jobs take readings: within one partition of
   * telemetry.valid, readings of the ingest job's two subtasks interleave, and on a loaded machine
   * one subtask runs ahead of the other (at load 30-40, 5 s made 2 % of the encrypt job's and 17 % of
   * the insurance gateway's readings late: dead-lettered, but not in the windows).
   */
  static final String OUT_OF_ORDERNESS = "15s";


  private final LocalStack stack;
  private final FlinkRest flinkRest;
  private final Fleet fleet;
  private final Simulator.Settings settings;
  private final List<DemoStage.Result> results = new ArrayList<>();
  /** Done when the stack is whole; a fault round replaces it, so that no stage settles while a process is down. */
  private CompletableFuture<?> stackWhole = CompletableFuture.completedFuture(null);

  public DemoRun(LocalStack stack, FlinkRest flinkRest, Fleet fleet, Simulator.Settings settings) {
    this.stack = stack;
    this.flinkRest = flinkRest;
    this.fleet = fleet;
    this.settings = settings;
  }

  /** A run on the stack these options name, started if it is not up, with the fleet loaded (or made) for the settings. */
  public static DemoRun start(StackOptions options, Simulator.Settings settings, PrintStream out) {
    LocalStack stack = options.stack();
    if (!stack.isUp()) {
      out.println("== starting the local stack in " + stack.config().workDir());
      stack.up(out);
    }
    Fleet fleet = Fleet.loadOrCreate(stack.config().workDir(), settings.devices(), System.currentTimeMillis());
    return new DemoRun(stack, options.flinkRest(), fleet, settings);
  }

  /**
   * Registers the fleet on the chain, then prepares every stage (its jobs, keys, topics) before the
   * fleet drives. Registration comes first: the encrypt job waits only epoch-key-chain-wait for the
   * owner of an epoch key certificate to be on the chain, and on a loaded machine the stages' prepares
   * together take longer than that (every certificate refused, every interval without a key).
   */
  public void prepare(List<DemoStage> stages, PrintStream out) throws Exception {
    out.println("== registering " + settings.devices() + " vehicles and their owners on the chain");
    fleet.register(settings.devices(), new ChainClient(config().chainApi(1)));
    out.println("== the stages' jobs on Flink at " + flinkRest.uri(""));
    for (DemoStage stage : stages) {
      stage.prepare(out);
    }
  }

  public LocalStack stack() {
    return stack;
  }

  public StackConfig config() {
    return stack.config();
  }

  public FlinkRest flinkRest() {
    return flinkRest;
  }

  /**
   * A client of the jobs' Flink cluster. On the stack's own cluster, a job that is not running is
   * submitted from its newest retained checkpoint: after the cluster died, the jobs go on with their
   * state instead of starting empty.
   */
  public FlinkJobs flinkJobs() throws Exception {
    boolean local = flinkRest.address().equals(config().flinkRest().address());
    return new FlinkJobs(flinkRest, local ? Optional.of(config().retainedCheckpoints()) : Optional.empty());
  }

  public Fleet fleet() {
    return fleet;
  }

  public Simulator.Settings settings() {
    return settings;
  }

  /**
   * Checks the stages in order, each after the ones before it (the first drives the fleet), and returns
   * their results. Checking again (another round on the same stack) starts from no results: a stage
   * reads the earlier stages' results of its own round.
   */
  public List<DemoStage.Result> check(List<DemoStage> stages, PrintStream out) throws Exception {
    results.clear();
    for (DemoStage stage : stages) {
      results.add(stage.check(out));
    }
    return List.copyOf(results);
  }

  /**
   * Makes the stages of the next {@link #check} settle only once {@code whole} is done: a stage that
   * waits for its jobs to drain would otherwise give up on a job that is not back yet.
   */
  public void settleOnlyAfter(CompletableFuture<?> whole) {
    this.stackWhole = whole;
  }

  /** Returns once the stack is whole (at once outside a fault round). */
  void awaitStackWhole(PrintStream out) {
    if (!stackWhole.isDone()) {
      out.println("== waiting for the stack to be whole again before the stages settle");
    }
    stackWhole.join();
  }

  /** The result of the earlier stage that returns this type. */
  public <R extends DemoStage.Result> R result(Class<R> type) {
    return results.stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + type.getName() + " yet: stages run out of order"));
  }
}
