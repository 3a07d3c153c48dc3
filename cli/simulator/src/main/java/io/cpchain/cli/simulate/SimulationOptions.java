package io.cpchain.cli.simulate;

import io.cpchain.conf.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** How the simulated fleet drives: shared by {@code simulate} and {@code demo}. */
public final class SimulationOptions {

  @Option(names = "--devices", paramLabel = "N", defaultValue = "200", description = "vehicles (default: ${DEFAULT-VALUE})")
  int devices;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "400",
      description = "frames per second, whole fleet (default: ${DEFAULT-VALUE})")
  int rate;

  @Option(names = "--duration", paramLabel = "D", defaultValue = "60s", converter = DurationConverter.class,
      description = "how long to drive, e.g. 30s, 5m (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--bad-rate", paramLabel = "P", defaultValue = "0.02",
      description = "share of records replaced by bad input of every kind (default: ${DEFAULT-VALUE})")
  double badRate;

  @Option(names = "--readings-per-frame", paramLabel = "K", defaultValue = "10",
      description = "readings a gateway seals into one signed frame (default: ${DEFAULT-VALUE})")
  int readingsPerFrame;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  public Simulator.Settings settings() {
    return new Simulator.Settings(devices, rate, duration, badRate, readingsPerFrame, seed);
  }

  /** Reads durations the way the job configs do: 500ms, 30s, 5m, 1h. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }
}
