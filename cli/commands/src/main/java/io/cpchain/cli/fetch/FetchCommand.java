package io.cpchain.cli.fetch;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.cli.stack.Topics;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.encrypt.interval.IntervalFetch;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.ValidReading;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fetch}: a device's readings of a time range, read back from storage as their owner. */
@Command(name = "fetch", description = "Read a device's encrypted intervals back as their owner: manifests from"
    + " the manifests topic, chunks from any intact replica, every hash, key, chunk and Merkle root checked.")
public final class FetchCommand implements Callable<Integer> {

  @Mixin StackOptions stackOptions;

  @Option(names = "--device", required = true, paramLabel = "ID", description = "the device")
  String device;

  @Option(names = "--from", paramLabel = "TIME", defaultValue = "0",
      description = "start of the range, inclusive: ISO-8601 instant or epoch milliseconds (default: the beginning)")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "end of the range, exclusive (default: now)")
  String to;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "the owner's secp256k1 key file")
  Path keyFile;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "file whose first line is the key file's password (default: $" + KeysCommand.PASSWORD_ENV + ")")
  Path passwordFile;

  @Mixin ReadingsOutput output;

  @Option(names = "--trust", paramLabel = "ADDRESS", split = ",",
      description = "pipeline node addresses whose manifests are accepted (default: the local stack's node)")
  List<String> trusted;

  @Override
  public Integer call() throws Exception {
    long fromMs = time("--from", from);
    long toMs = to == null ? Long.MAX_VALUE : time("--to", to);
    if (toMs <= fromMs) {
      throw new IllegalArgumentException("--to must be after --from");
    }
    output.check();
    StackConfig stack = stackOptions.config();
    UmbralSecretKey owner = KeyStore.loadOwnerFile(keyFile, KeysCommand.password(passwordFile));
    IntervalFetch fetch = new IntervalFetch(new IntervalReader(
        StorageCommand.localChunkStore(stack, 1), trustedWriters(stack)));
    List<byte[]> manifests = new ArrayList<>();
    Predicate<byte[]> wanted = fetch.manifestsOf(device, fromMs, toMs);
    TopicScan.scan(stack.kafkaClient(KafkaUser.ADMIN), Topics.MANIFESTS, record -> {
      if (wanted.test(record.value())) {
        manifests.add(record.value());
      }
    });
    if (manifests.isEmpty()) {
      throw new IllegalStateException("no interval of device " + device + " in that range on " + Topics.MANIFESTS);
    }
    PrintStream console = output.console();
    List<ValidReading> readings = new ArrayList<>();
    int failed = 0;
    for (IntervalFetch.Result result : fetch.read(manifests, owner, fromMs, toMs)) {
      IntervalManifest m = result.manifest();
      if (result.ok()) {
        readings.addAll(result.readings());
        console.printf("interval %s [%s, %s): %d readings, %d chunks, verified%n", m.getDeviceId(),
            Instant.ofEpochMilli(m.getIntervalStartMs()), Instant.ofEpochMilli(m.getIntervalEndMs()),
            result.readings().size(), m.getChunks().size());
      } else {
        failed++;
        System.err.println("cpchain: " + result.error());
      }
    }
    output.emit(readings, manifests.size() - failed);
    return failed == 0 ? 0 : 1;
  }

  private Set<Address> trustedWriters(StackConfig stack) throws CryptoFormatException {
    if (trusted == null) {
      return Set.of(PipelineNodeKey.address(stack));
    }
    Set<Address> addresses = new LinkedHashSet<>();
    for (String address : trusted) {
      try {
        addresses.add(Address.fromHex(address.strip()));
      } catch (CryptoFormatException | IllegalArgumentException e) {
        throw new IllegalArgumentException("--trust: '" + address + "' is not an address: " + e.getMessage());
      }
    }
    return addresses;
  }

  public static long time(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException notMillis) {
      try {
        return Instant.parse(value).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(option + " must be an ISO-8601 instant (2026-11-24T10:00:00Z) or epoch"
            + " milliseconds, got '" + value + "'");
      }
    }
  }

  static Map<String, Object> toJson(ValidReading valid) {
    Reading r = valid.getReading();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("device", valid.getDeviceId());
    json.put("owner", valid.getOwnerId());
    json.put("frame_seq", valid.getFrameSeq());
    json.put("index_in_frame", valid.getIndexInFrame());
    json.put("event_time", Instant.ofEpochMilli(r.getEventTimeMs()).toString());
    json.put("latitude", r.getLatitude());
    json.put("longitude", r.getLongitude());
    json.put("speed_kmh", r.getSpeedKmh());
    json.put("heading_deg", r.getHeadingDeg());
    json.put("road_segment", r.getRoadSegmentId());
    json.put("odometer_km", r.getOdometerKm());
    json.put("longitudinal_accel_ms2", r.getLongitudinalAccelMs2());
    json.put("harsh_braking", r.getHarshBraking());
    json.put("harsh_acceleration", r.getHarshAcceleration());
    json.put("energy_level_pct", r.getEnergyLevelPct());
    return json;
  }
}
