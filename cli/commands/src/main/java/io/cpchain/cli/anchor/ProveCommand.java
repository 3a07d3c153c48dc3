package io.cpchain.cli.anchor;

import io.cpchain.anchor.verify.ReadingProof;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.fetch.FetchCommand;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.merkle.MerkleTree;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.encrypt.interval.ReadingsCodec;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ValidReading;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prove}: a self-contained proof file that one reading is in an anchored interval. */
@Command(name = "prove", description = "Write a self-contained proof that a device's reading at a time belongs to"
    + " an anchored interval: reading -> interval Merkle root -> manifest -> batch root -> final block.")
public final class ProveCommand implements Callable<Integer> {

  @Mixin StackOptions stackOptions;
  @Mixin ChainOptions chainOptions;

  @Option(names = "--device", required = true, paramLabel = "ID", description = "the device")
  String device;

  @Option(names = "--at", required = true, paramLabel = "TIME",
      description = "the reading's time (ISO-8601 or epoch ms): the last reading at or before it in its interval")
  String at;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "the owner's key file: the reading is decrypted to build its proof")
  Path keyFile;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "file whose first line is the key file's password (default: $" + KeysCommand.PASSWORD_ENV + ")")
  Path passwordFile;

  @Option(names = "--out", paramLabel = "FILE", description = "the proof file (default: proof-<device>-<ms>.json)")
  Path out;

  @Override
  public Integer call() throws Exception {
    long atMs = FetchCommand.time("--at", at);
    StackConfig stack = stackOptions.config();
    ValidatorSet validators = chainOptions.validators(stack.workDir());
    if (validators == null) {
      throw new IllegalArgumentException("no local chain: give --genesis FILE of the chain the interval is on");
    }
    AnchoredIntervals topics = new AnchoredIntervals(stack.kafkaClient(KafkaUser.ADMIN));
    List<AnchoredIntervals.Published> found = topics.manifests(p -> p.manifest().getDeviceId().equals(device)
        && p.manifest().getIntervalStartMs() <= atMs && atMs < p.manifest().getIntervalEndMs());
    if (found.isEmpty()) {
      throw new IllegalStateException("no interval of device " + device + " contains " + Instant.ofEpochMilli(atMs));
    }
    AnchoredIntervals.Published interval = found.get(0);
    AnchorReceipt receipt = topics.receipts().get(interval.hash());
    if (receipt == null) {
      throw new IllegalStateException("the interval is not anchored yet (no receipt for manifest " + interval.hash()
          + ")");
    }
    UmbralSecretKey owner = KeyStore.loadOwnerFile(keyFile, KeysCommand.password(passwordFile));
    IntervalReader reader = new IntervalReader(StorageCommand.localChunkStore(stack, 1),
        Set.of(PipelineNodeKey.address(stack)));
    List<ValidReading> readings = ReadingsCodec.inEventTimeOrder(reader.readAsOwner(interval.encoded(), owner));
    int index = -1;
    for (int i = 0; i < readings.size(); i++) {
      if (readings.get(i).getReading().getEventTimeMs() <= atMs) {
        index = i;
      }
    }
    if (index < 0) {
      throw new IllegalStateException("the interval has no reading at or before " + Instant.ofEpochMilli(atMs));
    }
    MerkleTree tree = ReadingsCodec.merkleTree(readings);
    byte[] leaf = AvroMessages.of(ValidReading.class).encode(readings.get(index));
    Path file = out != null ? out : Path.of("proof-" + device + "-" + atMs + ".json");
    ReadingProof.of(validators, leaf, tree.inclusionProof(index), interval.encoded(), receipt).write(file);
    System.out.printf("reading %d of %d at %s -> interval [%s, %s) -> manifest %s -> batch of %d -> block %d: %s%n",
        index, readings.size(), Instant.ofEpochMilli(readings.get(index).getReading().getEventTimeMs()),
        Instant.ofEpochMilli(interval.manifest().getIntervalStartMs()),
        Instant.ofEpochMilli(interval.manifest().getIntervalEndMs()), interval.hash().substring(0, 16),
        receipt.getLeafCount(), receipt.getBlockHeight(), file);
    return 0;
  }
}
