package io.cpchain.cli.he;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.simulate.RoadNetwork;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.he.traffic.DecryptedWindows;
import io.cpchain.he.traffic.TrafficWindow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code query}: the analyst's questions to the encrypted analytics. */
@Command(name = "query", description = "Decrypt and read the encrypted analytics (analyst key needed).",
    subcommands = QueryCommand.Traffic.class)
public final class QueryCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "traffic", description = "Per road segment of a window: vehicles, mean speed, spread, harsh"
      + " braking, congestion. Segments with fewer than k vehicles are withheld.")
  static final class Traffic implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the analyst's secret key file")
    Path keyFile;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "file whose first line is the key file's password (" + HeKeyPasswords.READ_DEFAULT + ")")
    Path passwordFile;

    @Option(names = "--window", paramLabel = "WHEN", defaultValue = "latest",
        description = "latest, or an ISO-8601 instant inside the window (default: ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--segments", split = ",", paramLabel = "ID[,ID...]", description = "only these segments in the table")
    Set<Integer> segments = Set.of();

    @Option(names = "--min-vehicles", paramLabel = "K", defaultValue = "3",
        description = "withhold segments seen by fewer vehicles (default: ${DEFAULT-VALUE})")
    int minVehicles;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "15", description = "table rows, busiest first (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--png", paramLabel = "FILE", description = "also draw the road network coloured by congestion")
    Path png;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = DecryptedWindows.TOPIC,
        description = "encrypted windows topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Override
    public Integer call() throws Exception {
      if (minVehicles < 1) {
        throw new IllegalArgumentException("--min-vehicles must be at least 1");
      }
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be at least 1");
      }
      HeSecretKey key = HeKeyPasswords.read(keyFile, passwordFile);
      NavigableMap<Long, List<TrafficWindow>> windows =
          DecryptedWindows.decrypt(TopicScan.values(stack.config().kafkaClient(KafkaUser.ADMIN), topic), key);
      if (windows.isEmpty()) {
        throw new IllegalStateException("no window under key " + key.keyId() + " on " + topic + " yet");
      }
      List<TrafficWindow> chosen = choose(windows);
      TrafficReport report = TrafficReport.of(chosen, minVehicles);
      RoadNetwork roads = new RoadNetwork(Simulator.CITY_SIZE);
      report.print(System.out, roads, segments, limit, minVehicles);
      if (png != null) {
        TrafficMap.write(report, roads, png);
        System.out.println("map: " + png.toAbsolutePath());
      }
      return 0;
    }

    private List<TrafficWindow> choose(NavigableMap<Long, List<TrafficWindow>> windows) {
      if (window.equals("latest")) {
        return windows.lastEntry().getValue();
      }
      long at;
      try {
        at = Instant.parse(window).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--window must be 'latest' or an ISO-8601 instant, got '" + window + "'");
      }
      Map.Entry<Long, List<TrafficWindow>> entry = windows.floorEntry(at);
      if (entry == null || entry.getValue().get(0).windowEndMs() <= at) {
        throw new IllegalArgumentException("no aggregated window contains " + window + " (windows from "
            + Instant.ofEpochMilli(windows.firstKey()) + " to " + Instant.ofEpochMilli(windows.lastKey()) + ")");
      }
      return entry.getValue();
    }
  }
}
