package io.cpchain.sharing.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.keys.SecretFile;
import io.cpchain.sharing.protocol.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The proxy's kfrags on disk, one file per grant, exactly as delivered: sealed to the proxy's key,
 * so what rests on disk opens only with the sealing key file and its password. Written owner-only,
 * atomically and fsync'd (crypto's {@code SecretFile}), so a proxy that restarts (or crashes) keeps
 * every kfrag it acknowledged; never replaced; erased when the grant is revoked or expires.
 */
final class KfragVault {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".kfrags.json";

  private final Path dir;
  private final ConcurrentHashMap<Hash, Messages.KfragDelivery> held = new ConcurrentHashMap<>();

  KfragVault(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
        Messages.KfragDelivery delivery = JSON.readValue(file.toFile(), Messages.KfragDelivery.class);
        held.put(Hash.fromHex(delivery.grantId()), delivery);
      }
    }
  }

  /**
   * Stores the grant's kfrags unless some are already held (then false, nothing written): a grant's
   * kfrags are written once and never replaced. Durable before it returns true.
   */
  synchronized boolean putIfAbsent(Hash grantId, Messages.KfragDelivery delivery) {
    if (held.containsKey(grantId)) {
      return false;
    }
    try {
      SecretFile.replace(fileOf(grantId), JSON.writeValueAsBytes(delivery));
      syncDir();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the kfrags of grant " + grantId.toHex(), e);
    }
    held.put(grantId, delivery);
    return true;
  }

  Optional<Messages.KfragDelivery> get(Hash grantId) {
    return Optional.ofNullable(held.get(grantId));
  }

  List<Hash> grants() {
    return new ArrayList<>(held.keySet());
  }

  /** Deletes the grant's kfrags from memory and disk; true if there were any. */
  synchronized boolean erase(Hash grantId) {
    boolean had = held.remove(grantId) != null;
    try {
      had |= Files.deleteIfExists(fileOf(grantId));
      syncDir();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot erase the kfrags of grant " + grantId.toHex(), e);
    }
    return had;
  }

  private Path fileOf(Hash grantId) {
    return dir.resolve(grantId.toHex().substring(2) + SUFFIX);
  }

  private void syncDir() throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
