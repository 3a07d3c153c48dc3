package io.cpchain.cli.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.SecretAccess;
import io.cpchain.schemas.DeviceRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated vehicles, kept in {@code <work dir>/fleet/devices.json}: their keys, owners and
 * next frame numbers persist across runs, as a real device's would, so a second run's frames are
 * new frames and not replays of the first run's.
 *
 * <p>The keys are the simulator's own test devices, stored unencrypted in the development work
 * directory; real device keys never leave the vehicle's gateway.
 */
public final class Fleet {

  /** Owners hold several vehicles each, as fleets and families do. */
  private static final int VEHICLES_PER_OWNER = 4;
  /** Device keys were provisioned before the simulation starts, so late test data still predates them. */
  private static final Duration KEY_AGE = Duration.ofDays(7);

  record StoredDevice(String deviceId, String ownerId, String seedHex, long validFromMs, long nextSeq) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final List<Device> devices;
  private final FleetOwners owners;

  private Fleet(Path file, List<Device> devices, FleetOwners owners) {
    this.file = file;
    this.devices = devices;
    this.owners = owners;
  }

  /** Loads the fleet and adds vehicles until it has {@code size} of them. */
  public static Fleet loadOrCreate(Path workDir, int size, long nowMs) {
    return loadOrCreate(workDir, "veh-", size, nowMs);
  }

  /** The same, new vehicles' ids starting with {@code idPrefix}: ids on one chain are unique to an owner. */
  public static Fleet loadOrCreate(Path workDir, String idPrefix, int size, long nowMs) {
    Path file = workDir.resolve("fleet/devices.json");
    List<Device> devices = new ArrayList<>();
    if (Files.exists(file)) {
      try {
        for (StoredDevice stored : JSON.readValue(file.toFile(), StoredDevice[].class)) {
          devices.add(new Device(stored.deviceId(), stored.ownerId(),
              Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex(stored.seedHex())), stored.validFromMs(),
              stored.nextSeq()));
        }
      } catch (IOException | CryptoFormatException e) {
        throw new IllegalStateException("cannot read the simulator's fleet " + file + ": " + e.getMessage(), e);
      }
    }
    while (devices.size() < size) {
      int n = devices.size();
      devices.add(new Device(idPrefix + String.format("%05d", n), String.format("owner-%04d", n / VEHICLES_PER_OWNER),
          Ed25519PrivateKey.generate(), nowMs - KEY_AGE.toMillis(), 0));
    }
    return new Fleet(file, devices, new FleetOwners(workDir));
  }

  public FleetOwners owners() {
    return owners;
  }

  /** The owner of each of the first {@code count} vehicles, by device id. */
  public Map<String, String> ownerOfDevice(int count) {
    Map<String, String> owners = new LinkedHashMap<>();
    devices(count).forEach(d -> owners.put(d.deviceId(), d.ownerId()));
    return owners;
  }

  /** The owner of a vehicle of the fleet, if it is one. */
  public java.util.Optional<String> ownerOf(String deviceId) {
    return devices.stream().filter(d -> d.deviceId().equals(deviceId)).map(Device::ownerId).findFirst();
  }

  /**
   * The owner's id in the pipeline: the chain address of the account that registered its vehicles
   * ({@link FleetOwners#accountKey}), as the ingest job puts it on every reading.
   */
  public String ownerAddress(String owner) {
    try {
      return owners.accountKey(owner).publicKey().address().toHex();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the account key of owner " + owner + ": " + e.getMessage(), e);
    }
  }

  /** The registrations the chain holds for the first {@code count} vehicles once they are registered. */
  public List<DeviceRegistration> registrations(int count) {
    Map<String, String> addresses = new HashMap<>();
    return devices(count).stream()
        .map(d -> d.registration(addresses.computeIfAbsent(d.ownerId(), this::ownerAddress))).toList();
  }

  /** The first {@code count} vehicles. */
  List<Device> devices(int count) {
    return devices.subList(0, count);
  }

  /** How long registering the fleet on the chain may take to become final. */
  public static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Registers the first {@code count} devices and their owners on the chain (owner-signed
   * {@code RegisterOwner} and {@code RegisterDevice}) and waits until they are final; those already
   * registered are left as they are. The ingest job reads the registrations from the chain, and the
   * encrypt job checks each epoch key certificate's owner there.
   */
  public void register(int count, ChainClient chain)
      throws IOException, GeneralSecurityException, InterruptedException {
    FleetRegistrar.register(this, count, chain, REGISTRATION_TIMEOUT);
  }

  /** Writes keys and next frame numbers (atomically: a crash leaves the previous file). */
  public void save() {
    List<StoredDevice> stored = devices.stream()
        .map(d -> new StoredDevice(d.deviceId(), d.ownerId(),
            HexFormat.of().formatHex(d.key().seedBytes(SecretAccess.get())), d.validFromMs(), d.nextSeq()))
        .toList();
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(temp.toFile(), stored);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the fleet to " + file, e);
    }
  }
}
