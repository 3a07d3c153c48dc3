package io.cpchain.cli.simulate;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulation run sent, and so what the pipeline must make of it.
 *
 * @param frames records sent to the raw topic, good and bad
 * @param readings readings in those records (undecodable ones have none)
 * @param expectedValidReadings readings of the good frames: each must come out valid, once
 * @param injected per reject reason, how many dead letters the injected faults must produce (one
 *     per frame, but one per reading for late events, which are judged reading by reading)
 */
public record SimulationReport(long frames, long readings, long expectedValidReadings,
    Map<String, Long> injected, double seconds) {

  public SimulationReport {
    injected = new TreeMap<>(injected);
  }

  public long rejectedReadings() {
    return readings - expectedValidReadings;
  }
}
