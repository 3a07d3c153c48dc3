package io.cpchain.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.demo.DemoRun;
import io.cpchain.cli.demo.DemoStage;
import io.cpchain.cli.demo.StageSelection;
import io.cpchain.cli.jobs.EncryptJobs;
import io.cpchain.cli.simulate.SimulationOptions;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.StackConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chaos}: the demo's pipeline on the local stack, one fault per round. In each round the fleet
 * drives as in the demo; a third of the way in, one fault hits one process with a real signal (or cuts
 * its real peer links), and the stack is made whole after the fault's outage. Then every demo stage is
 * checked against the simulator's ground truth (each waits until its jobs have drained), and the
 * round's invariants with them: nothing lost or duplicated at any stage, every verdict holds, no fork among the chain nodes,
 * every chunk back to its copies.
 */
@Command(name = "chaos", description = "Inject one fault at a time into the running pipeline (kill -9, SIGSTOP, cut"
    + " peer links) and check after each that nothing was lost or duplicated, no fork, every stage drained.")
public final class ChaosCommand implements Callable<Integer> {

  @Mixin StackOptions stackOptions;
  @Mixin SimulationOptions simulation;
  @Mixin StageSelection stageSelection;

  @Option(names = "--faults", split = ",", paramLabel = "NAME",
      description = "the faults to inject, in order (default: all): validator-kill, validator-freeze, network-cut,"
          + " proxy-kill, storage-node, kafka-broker, flink (with --standalone-flink: taskmanager)")
  List<String> faultNames;

  @Option(names = "--freeze", paramLabel = "D", defaultValue = "30s", converter = SimulationOptions.DurationConverter.class,
      description = "how long a frozen process stays stopped (default: ${DEFAULT-VALUE})")
  Duration frozenFor;

  @Option(names = "--cut", paramLabel = "D", defaultValue = "30s", converter = SimulationOptions.DurationConverter.class,
      description = "how long the cut chain node stays cut off from its peers (default: ${DEFAULT-VALUE})")
  Duration cutFor;

  @Option(names = "--json", description = "end with one line of JSON: every fault's row and the suite's ok")
  boolean json;

  @Option(names = "--allow-unchecked", description = "accept stages with nothing closed to check (short rounds)")
  boolean allowUnchecked;

  /** How long a killed process stays down before it is restarted. */
  private static final Duration KILLED_FOR = Duration.ofSeconds(10);

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Simulator.Settings settings = simulation.settings();
    stageSelection.check();
    DemoRun run = DemoRun.start(stackOptions, settings, out);
    LocalStack stack = run.stack();
    List<DemoStage> stages = stageSelection.stages(run);
    run.prepare(stages, out);
    Invariants invariants = new Invariants(stack.config(), EncryptJobs.forStack(stack.config()).replicas());
    List<Fault> faults = select(faults(stack.config(), invariants, frozenFor, cutFor));
    List<Row> rows = new ArrayList<>();
    for (Fault fault : faults) {
      out.println("== fault " + (rows.size() + 1) + " of " + faults.size() + ": " + fault.name() + ": "
          + fault.description());
      try {
        fault.prepare(stack, out);
        rows.add(round(fault, stack, run, stages, invariants, settings.duration(), out));
      } finally {
        fault.restore(stack, out);
      }
    }
    boolean ok = rows.stream().allMatch(Row::ok);
    print(out, rows);
    if (json) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("faults", rows.stream().map(Row::json).toList());
      summary.put("ok", ok);
      out.println(new ObjectMapper().writeValueAsString(summary));
    }
    return ok ? 0 : 1;
  }

  /**
   * The suite's faults, in the order they run by default: the storage node after a few rounds, so
   * that its lost disk held chunks for repair to restore.
   */
  static List<Fault> faults(StackConfig config, Invariants invariants, Duration frozenFor, Duration cutFor) {
    String broker = config.kafkaBrokers() == 1 ? "kafka" : "kafka-2";
    return List.of(
        new Fault.KillAndRestart("validator-kill", "chain-2", "chain validator 2 killed and restarted: it catches up"
            + " from its peers", KILLED_FOR),
        new Fault.Freeze("validator-freeze", "chain-3", "chain validator 3 stopped (SIGSTOP) for "
            + frozenFor.toSeconds() + " s, then resumed", frozenFor),
        new Fault.NetworkCut("network-cut", 4, "chain validator 4 cut off from its peers for " + cutFor.toSeconds()
            + " s (its peer links through relays that drop them), then let back: it catches up by sync", cutFor),
        new Fault.KillAndRestart("proxy-kill", "proxy-1", "re-encryption proxy 1 killed and restarted: grantees"
            + " fetch through the others", KILLED_FOR),
        new Fault.KillAndRestart("storage-node", "storage-0", "storage node 0 killed, its disk emptied and restarted"
            + " empty, then repaired: every chunk back to its copies", KILLED_FOR, config.workDir().resolve("storage/node-0"),
            invariants::repair),
        new Fault.KillAndRestart("kafka-broker", broker, "Kafka broker " + broker + " killed and restarted"
            + (config.kafkaBrokers() == 1 ? " (the only one: the pipeline pauses, then resumes)" : ""), KILLED_FOR),
        flinkFault(config));
  }

  /** The Flink fault of the stack's runtime: the MiniCluster's one process, or one TaskManager of a standalone cluster. */
  private static Fault flinkFault(StackConfig config) {
    if (config.standaloneFlink()) {
      return new Fault.TaskManagerKill("taskmanager", "the Flink TaskManager (of " + config.flinkTaskManagers()
          + ") running the ingest job killed, a replacement started: every job restores its newest checkpoint",
          KILLED_FOR);
    }
    return new Fault.KillAndRestart("flink", "flink", "the Flink cluster killed and restarted; up resumes every job"
        + " from its newest retained checkpoint, its state with it", KILLED_FOR);
  }

  private List<Fault> select(List<Fault> all) {
    if (faultNames == null || faultNames.isEmpty()) {
      return all;
    }
    List<Fault> chosen = new ArrayList<>();
    for (String name : faultNames) {
      chosen.add(all.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("--faults: no fault '" + name + "'; the faults are "
              + all.stream().map(Fault::name).toList())));
    }
    return chosen;
  }

  /** One round: the fleet drives, the fault hits a third of the way in and is undone, then everything is checked. */
  private Row round(Fault fault, LocalStack stack, DemoRun run, List<DemoStage> stages, Invariants invariants,
      Duration drive, PrintStream out) throws Exception {
    CompletableFuture<Hit> hit = CompletableFuture.supplyAsync(() -> {
      try {
        Thread.sleep(drive.toMillis() / 3); // the fleet is driving by then
        out.println("!! " + fault.name() + ": injecting");
        boolean seen = fault.inject(stack);
        out.println("!! " + fault.name() + (seen ? ": in effect" : ": NOT seen in effect") + "; undone in "
            + fault.outage().toSeconds() + " s");
        Thread.sleep(fault.outage().toMillis());
        long recovering = System.nanoTime();
        int repaired = fault.recover(stack, out);
        double recoveryS = (System.nanoTime() - recovering) / 1e9;
        out.printf("!! %s: recovered in %.1f s%n", fault.name(), recoveryS);
        return new Hit(seen, true, recoveryS, repaired, null);
      } catch (Exception e) {
        out.println("!! " + fault.name() + ": " + e.getMessage());
        return new Hit(false, false, 0, 0, e.getMessage());
      }
    });
    run.settleOnlyAfter(hit);
    List<DemoStage.Result> results = run.check(stages, out);
    Hit outcome = hit.join();
    long lost = 0;
    long duplicated = 0;
    List<String> broken = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      DemoStage.Result result = results.get(i);
      DemoStage.Balance b = result.balance();
      lost += Math.max(0, b.in() - b.out() - b.deadLettered());
      duplicated += Math.max(0, b.out() + b.deadLettered() - b.in());
      boolean checked = b.checked() && result.checked();
      if (!result.ok() || (checked && !b.balanced()) || (!checked && !allowUnchecked)) {
        broken.add(stages.get(i).name() + (!checked ? ": nothing to check" : !b.balanced()
            ? String.format(": not balanced (%d %s in, %d out, %d dead-lettered)", b.in(), b.unit(), b.out(),
                b.deadLettered())
            : ": verdict failed"));
      }
    }
    Optional<String> fork = invariants.firstFork();
    fork.ifPresent(f -> broken.add("fork: " + f));
    Invariants.Copies copies = invariants.repairCopies();
    if (copies.missingAfterRepair() > 0) {
      broken.add("storage: " + copies.missingAfterRepair() + " copies still missing after repair");
    }
    long orphans = invariants.orphanChunks();
    if (orphans > 0) {
      broken.add("storage: " + orphans + " chunks that no manifest names");
    }
    if (outcome.error() != null) {
      broken.add("fault: " + outcome.error());
    }
    out.println("== after " + fault.name() + ": " + (broken.isEmpty() ? "every invariant holds" : "BROKEN: " + broken)
        + " (the check's repair restored " + copies.restored() + " copies)");
    return new Row(fault.name(), outcome, lost, duplicated, fork.isPresent(), outcome.copiesRepaired() + copies.restored(),
        orphans, broken);
  }

  /**
   * What the fault did: whether it was seen in effect, how long the stack took to be whole after it was
   * undone, and the chunk copies its recovery's repair made.
   */
  record Hit(boolean detected, boolean recovered, double recoveryS, int copiesRepaired, String error) {}

  /** One line of the suite's table. */
  record Row(String fault, Hit hit, long lost, long duplicated, boolean fork, int copiesRestored, long orphanChunks,
      List<String> broken) {

    boolean ok() {
      return hit.detected() && hit.recovered() && lost == 0 && duplicated == 0 && !fork && broken.isEmpty();
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", fault);
      json.put("detected", hit.detected());
      json.put("recovered", hit.recovered());
      json.put("recovery_s", Math.round(hit.recoveryS() * 10) / 10.0);
      json.put("lost", lost);
      json.put("duplicated", duplicated);
      json.put("fork", fork);
      json.put("copies_restored", copiesRestored);
      json.put("orphan_chunks", orphanChunks);
      json.put("invariants_ok", broken.isEmpty());
      json.put("broken", broken);
      return json;
    }
  }

  private static void print(PrintStream out, List<Row> rows) {
    out.println("== chaos");
    out.printf("%-18s %-9s %10s %6s %10s %5s  %s%n", "fault", "detected", "recovery", "lost", "duplicated", "fork",
        "invariants");
    for (Row row : rows) {
      out.printf("%-18s %-9s %9.1fs %6d %10d %5s  %s%n", row.fault(), row.hit().detected() ? "yes" : "NO",
          row.hit().recoveryS(), row.lost(), row.duplicated(), row.fork() ? "YES" : "no",
          row.broken().isEmpty() ? "ok" : String.join("; ", row.broken()));
    }
  }
}
