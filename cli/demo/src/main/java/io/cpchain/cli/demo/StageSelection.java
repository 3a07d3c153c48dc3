package io.cpchain.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The demo's stages and {@code --stages}, which of them run (every one by default) for a run that
 * looks at a few. A stage named must come with the stages it reads: every one reads the ingest
 * stage, which drives the fleet.
 */
public final class StageSelection {

  /** How a stage is made for a run. */
  private interface Factory {
    DemoStage create(DemoRun run) throws Exception;
  }

  /** A stage: its name (as {@link DemoStage#name()} gives it), the stages whose results it reads. */
  private record Kind(String name, List<String> reads, Factory factory) {}

  /** In the order they are checked: each may read the results of those before it. */
  private static final List<Kind> STAGES = List.of(
      new Kind("ingest", List.of(), IngestStage::new),
      new Kind("encrypt", List.of("ingest"), EncryptionStage::new),
      new Kind("anchor", List.of("encrypt"), AnchorStage::new),
      new Kind("sharing", List.of("anchor"), SharingStage::new),
      new Kind("traffic", List.of("ingest"), TrafficStage::new),
      new Kind("insurance", List.of("ingest"), InsuranceStage::new),
      new Kind("market", List.of("ingest"), MarketStage::new));

  @Option(names = "--stages", split = ",", paramLabel = "NAME",
      description = "the stages to run, each with those it reads (default: all): ingest, encrypt (reads ingest),"
          + " anchor (reads encrypt), sharing (reads anchor), traffic, insurance, market (each reads ingest)")
  List<String> names;

  /** Refuses, before anything starts, a selection naming no such stage or leaving out one a named stage reads. */
  public void check() {
    if (names == null) {
      return;
    }
    List<String> known = STAGES.stream().map(Kind::name).toList();
    Set<String> chosen = Set.copyOf(names);
    for (String name : chosen) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("--stages: no stage '" + name + "'; the stages are " + known);
      }
    }
    for (Kind stage : selected()) {
      for (String read : stage.reads()) {
        if (!chosen.contains(read)) {
          throw new IllegalArgumentException("--stages: " + stage.name() + " reads " + read + "; name it too");
        }
      }
    }
  }

  /** The selected stages ({@link #check} them first), made for {@code run}, in the order they are checked. */
  public List<DemoStage> stages(DemoRun run) throws Exception {
    List<DemoStage> stages = new ArrayList<>();
    for (Kind kind : selected()) {
      stages.add(kind.factory().create(run));
    }
    return stages;
  }

  private List<Kind> selected() {
    return names == null ? STAGES : STAGES.stream().filter(kind -> names.contains(kind.name())).toList();
  }
}
